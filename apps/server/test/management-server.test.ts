import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, silentLogger, isVigilError } from '@vigil/core';
import { serverConfigDefinition, startManagementServer } from '@vigil/server';
import { listManagementServers, listPools } from '@vigil/store';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { getJson } from '../../../test/support/https-client.ts';

interface Health {
  status: string;
  group: { id: string; name: string };
  roles: Record<string, { state: string }>;
  database: { reachable: boolean };
}

function configFor(dataDir: string, dbUrl: string, extra: Record<string, unknown> = {}) {
  return loadConfig(serverConfigDefinition, { flags: { dataDir, dbUrl, apiPort: 0, linkPort: 0, name: 'ms-test', groupName: 'Test Group', ...extra } });
}

for (const dialect of DIALECTS) {
  test(`a management server creates the group, answers health over HTTPS, stops cleanly and reopens the same group [${dialect}]`, async () => {
    const database = await createTestDatabase(dialect);
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ms-'));
    try {
      const first = await startManagementServer(configFor(dataDir, database.url), { logger: silentLogger() });
      assert.equal(first.groupCreated, true);
      const ca = readFileSync(join(dataDir, 'ca.pem'), 'utf8');
      const health = await getJson<Health>(`${first.api.url}/api/v1/health`, ca);
      assert.equal(health.status, 200);
      assert.equal(health.body.status, 'healthy');
      assert.equal(health.body.group.name, 'Test Group');
      assert.equal(health.body.roles['sdk-api']?.state, 'running');
      assert.equal(health.body.database.reachable, true);
      assert.equal(statSync(join(dataDir, 'servers', 'ms-test', 'key.pem')).mode & 0o777, 0o600);
      await first.stop();

      const second = await startManagementServer(configFor(dataDir, database.url, { groupName: 'Ignored On Reopen' }), { logger: silentLogger() });
      try {
        assert.equal(second.groupCreated, false);
        assert.equal(second.group.id, first.group.id);
        assert.equal(second.serverId, first.serverId, 'the server keeps its id across restarts');
        const servers = await listManagementServers(second.store.db);
        assert.equal(servers.length, 1);
        assert.equal(servers[0]?.stoppedAtMs, null);
        const pools = await listPools(second.store.db);
        assert.deepEqual(pools.map((p) => [p.name, p.memberIds]), [['All Management Servers', [second.serverId]]]);
      } finally {
        await second.stop();
      }
      const [stopped] = await (async () => {
        const reopened = await (await import('@vigil/store')).openStore(database.url);
        try {
          return await listManagementServers(reopened.db);
        } finally {
          await reopened.close();
        }
      })();
      assert.notEqual(stopped?.stoppedAtMs, null, 'a clean stop is recorded');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
}

test('a data folder of one group is refused against another group\'s database', async () => {
  const dbA = await createTestDatabase('sqlite');
  const dbB = await createTestDatabase('sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ms-'));
  try {
    const a = await startManagementServer(configFor(dataDir, dbA.url), { logger: silentLogger() });
    await a.stop();
    await assert.rejects(
      startManagementServer(configFor(dataDir, dbB.url), { logger: silentLogger() }),
      (e) => isVigilError(e, 'GROUP_MISMATCH') && /Point --data and --db at the same group/.test(e.message),
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await dbA.drop();
    await dbB.drop();
  }
});

test('plain HTTP is refused off loopback and allowed on it', async () => {
  assert.throws(
    () => loadConfig(serverConfigDefinition, { flags: { apiTls: 'off', apiHost: '0.0.0.0' } }),
    (e) => isVigilError(e, 'CONFIG_INVALID') && /server\.apiTls/.test(e.message),
  );
  const database = await createTestDatabase('sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ms-'));
  try {
    const server = await startManagementServer(configFor(dataDir, database.url, { apiTls: 'off' }), { logger: silentLogger() });
    try {
      assert.match(server.api.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const openapi = await getJson<{ openapi: string; paths: Record<string, unknown> }>(`${server.api.url}/api/v1/openapi.json`);
      assert.match(openapi.body.openapi, /^3\./);
      assert.ok('/api/v1/health' in openapi.body.paths);
      const missing = await getJson<{ error: { code: string } }>(`${server.api.url}/api/v1/nope`);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'NOT_FOUND');
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
});
