// Versions compare numerically; imports only move forward; an upgrade leaves override packs alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePackVersions, isVigilError, parsePackVersion, planImport, satisfiesMinimum, type PackDocument } from '@vigil/core';

function pack(version: string, extra: Partial<PackDocument> = {}): PackDocument {
  return { pack: { name: 'Vigil.Linux', version, displayName: 'Vigil Linux' }, ...extra };
}

test('versions compare part by part as numbers', () => {
  const cases: [string, string, number][] = [
    ['1.0.0', '1.0.0', 0],
    ['1.10.0', '1.9.0', 1],
    ['1.2.3', '1.2.10', -1],
    ['2.0.0', '1.99.99', 1],
    ['0.1.0', '0.0.9', 1],
  ];
  for (const [a, b, sign] of cases) assert.equal(Math.sign(comparePackVersions(a, b)), sign, `${a} vs ${b}`);
  assert.ok(satisfiesMinimum('1.2.0', '1.1.9'));
  assert.ok(!satisfiesMinimum('1.1.0', '1.1.1'));
  assert.deepEqual(parsePackVersion('3.14.159'), { major: 3, minor: 14, patch: 159 });
});

test('malformed versions are VALIDATION_FAILED', () => {
  for (const bad of ['1.0', '1.0.0.0', 'v1.0.0', '01.0.0', '1.0.-1', '']) {
    assert.throws(() => parsePackVersion(bad), (error) => isVigilError(error, 'VALIDATION_FAILED') && /major\.minor\.patch/.test(error.message), bad);
  }
});

test('planImport: install, upgrade, same version, refused older', () => {
  const install = planImport(undefined, pack('1.0.0'));
  assert.equal(install.kind, 'install');

  const upgrade = planImport(pack('1.0.0'), pack('1.1.0'));
  assert.equal(upgrade.kind, 'upgrade');
  assert.deepEqual(upgrade.kind === 'upgrade' && [upgrade.from, upgrade.to], ['1.0.0', '1.1.0']);
  assert.match(upgrade.message, /Overrides are kept: they live in unsealed packs that reference Vigil\.Linux/);

  const same = planImport(pack('1.1.0'), pack('1.1.0'));
  assert.equal(same.kind, 'same-version');
  assert.ok(same.kind === 'same-version' && same.identical && !same.replaceable);

  const edited = planImport(pack('1.1.0'), pack('1.1.0', { classes: [{ id: 'Vigil.Linux.X', base: 'Vigil.Core.Entity' }] }));
  assert.ok(edited.kind === 'same-version' && !edited.identical && edited.replaceable);
  assert.match(edited.message, /replaced in place/);

  const older = planImport(pack('1.10.0'), pack('1.9.0'));
  assert.equal(older.kind, 'refused-older');
  assert.equal(older.message, 'Vigil.Linux 1.10.0 is installed; importing the older 1.9.0 is refused. To go back, remove the installed pack first (vigil pack remove Vigil.Linux), which also requires removing the packs that reference it.');
});

test('an unsealed copy cannot replace an installed sealed pack', () => {
  const plan = planImport(pack('1.0.0', { pack: { name: 'Vigil.Linux', version: '1.0.0', displayName: 'x', sealed: true } }), pack('1.1.0'));
  assert.equal(plan.kind, 'refused-seal');
  assert.match(plan.message, /installed sealed; an unsealed copy cannot replace it/);
});
