import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'typebox';
import { loadConfig, envVariableName, isVigilError } from '@vigil/core';

const definition = {
  role: 'server',
  schema: Type.Object({
    apiPort: Type.Integer({ minimum: 1, maximum: 65535, default: 5724 }),
    logLevel: Type.Union([Type.Literal('info'), Type.Literal('debug')], { default: 'info' }),
    name: Type.String({ minLength: 1 }),
    dbUrl: Type.Optional(Type.String({ minLength: 1 })),
    heartbeatIntervalSeconds: Type.Integer({ minimum: 1, default: 60 }),
    leaseRenewMs: Type.Integer({ minimum: 100, default: 2000 }),
    leaseValidMs: Type.Integer({ minimum: 100, default: 10000 }),
  }),
  refine: (c: { leaseRenewMs: number; leaseValidMs: number }) =>
    c.leaseValidMs < 2 * c.leaseRenewMs ? { key: 'leaseValidMs', problem: `(${c.leaseValidMs}) must be at least twice leaseRenewMs (${c.leaseRenewMs})`, allowed: `${2 * c.leaseRenewMs} or more` } : undefined,
};

function withFile(yaml: string, body: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
  try {
    writeFileSync(join(dir, 'vigil.yaml'), yaml);
    body(join(dir, 'vigil.yaml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('env variable names are SCREAMING_SNAKE with the VIGIL_ prefix', () => {
  assert.equal(envVariableName('apiPort'), 'VIGIL_API_PORT');
  assert.equal(envVariableName('heartbeatIntervalSeconds'), 'VIGIL_HEARTBEAT_INTERVAL_SECONDS');
});

test('flags win over env, env over file, file over defaults; the result is frozen', () => {
  withFile('server:\n  apiPort: 6000\n  name: from-file\n  logLevel: debug\n', (path) => {
    const config = loadConfig(definition, {
      flags: { name: 'from-flag', apiPort: undefined },
      env: { VIGIL_API_PORT: '7000' },
      file: { path, section: 'server' },
    });
    assert.equal(config.name, 'from-flag');
    assert.equal(config.apiPort, 7000);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.heartbeatIntervalSeconds, 60);
    assert.ok(Object.isFrozen(config));
  });
});

const bad: ReadonlyArray<[string, Parameters<typeof loadConfig>[1], RegExp]> = [
  ['a port out of range from env', { flags: { name: 'x' }, env: { VIGIL_API_PORT: '99999' } }, /server\.apiPort \(from VIGIL_API_PORT\) is "99999".*Allowed: an integer from 1 to 65535\./],
  ['a non-number flag', { flags: { name: 'x', apiPort: 'abc' } }, /server\.apiPort \(from flag --api-port\) is "abc"/],
  ['a value not in the list', { flags: { name: 'x', logLevel: 'loud' } }, /server\.logLevel .*Allowed: info \| debug\./],
  ['a missing required key', { flags: {} }, /server\.name is required but not set\. Allowed: non-empty text\./],
  ['a cross-field rule', { flags: { name: 'x', leaseRenewMs: 5000, leaseValidMs: 6000 } }, /server\.leaseValidMs \(6000\) must be at least twice leaseRenewMs \(5000\)\. Allowed: 10000 or more\./],
];

for (const [what, sources, expected] of bad) {
  test(`stops with one clear line for ${what}`, () => {
    assert.throws(() => loadConfig(definition, sources), (e) => isVigilError(e, 'CONFIG_INVALID') && expected.test(e.message) && !e.message.includes('\n'));
  });
}

test('unknown keys and broken YAML in the file are named', () => {
  withFile('server:\n  apiPrt: 1\n', (path) => {
    assert.throws(() => loadConfig(definition, { flags: { name: 'x' }, file: { path, section: 'server' } }), /server\.apiPrt in .*vigil\.yaml is not a known setting\. Allowed: apiPort, logLevel/);
  });
  withFile('server: [unclosed\n', (path) => {
    assert.throws(() => loadConfig(definition, { flags: { name: 'x' }, file: { path, section: 'server' } }), (e) => isVigilError(e, 'CONFIG_FILE_UNREADABLE'));
  });
  const config = loadConfig(definition, { flags: { name: 'x' }, file: { path: '/nonexistent/vigil.yaml', section: 'server' } });
  assert.equal(config.apiPort, 5724, 'a missing file means defaults');
});
