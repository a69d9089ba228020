import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newUuid, isUuid, parseAgentId, isVigilError } from '@vigil/core';

test('newUuid makes time-ordered version 7 UUIDs', () => {
  const a = newUuid(1_700_000_000_000);
  const b = newUuid(1_700_000_000_001);
  assert.ok(isUuid(a) && isUuid(b));
  assert.equal(a[14], '7');
  assert.ok(a < b, 'later UUIDs sort after earlier ones');
});

test('parsers accept UUIDs and reject anything else with a clear message', () => {
  const id = newUuid();
  assert.equal(parseAgentId(id), id);
  assert.throws(() => parseAgentId('not-an-id'), (e) => isVigilError(e, 'VALIDATION_FAILED') && /agent id must be a UUID/.test(e.message));
  assert.throws(() => parseAgentId(42), /agent id/);
});
