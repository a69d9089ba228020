import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CURRENT_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, negotiateVersion } from '../src/index.ts';

describe('negotiateVersion', () => {
  it('picks the highest common version', () => {
    assert.deepEqual(negotiateVersion([1, 2, 3], [2, 3, 4]), { kind: 'agreed', version: 3 });
    assert.deepEqual(negotiateVersion([3, 1], [1, 2, 3]), { kind: 'agreed', version: 3 });
    assert.deepEqual(negotiateVersion([1], [1]), { kind: 'agreed', version: 1 });
  });
  it('defaults to this build, which speaks its current version', () => {
    assert.ok(SUPPORTED_PROTOCOL_VERSIONS.includes(CURRENT_PROTOCOL_VERSION));
    assert.deepEqual(negotiateVersion([CURRENT_PROTOCOL_VERSION]), { kind: 'agreed', version: CURRENT_PROTOCOL_VERSION });
  });
  it('refuses with a message that says which side to upgrade', () => {
    const newer = negotiateVersion([5, 6], [1, 2]);
    assert.equal(newer.kind, 'refused');
    assert.match(newer.kind === 'refused' ? newer.message : '', /Upgrade the management server/);
    const older = negotiateVersion([1], [2, 3]);
    assert.match(older.kind === 'refused' ? older.message : '', /Upgrade the agent/);
    assert.deepEqual(older.kind === 'refused' && older.offered, [1]);
  });
  it('refuses an empty offer and ignores nonsense versions', () => {
    assert.equal(negotiateVersion([], [1]).kind, 'refused');
    assert.equal(negotiateVersion([0, -1, 1.5, Number.NaN], [1]).kind, 'refused');
  });
});
