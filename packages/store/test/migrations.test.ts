import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openStore, migrateToLatest, pendingMigrations, isVigilErrorLike } from './support.ts';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { insertAgent, insertGateway, MIGRATIONS, setAgentGateway } from '@vigil/store';
import type { AgentId, GatewayId } from '@vigil/core';
import type { Migration } from 'kysely/migration';

const execFileAsync = promisify(execFile);

for (const dialect of DIALECTS) {
  test(`migrations apply once, are recorded, and refuse an unknown newer schema [${dialect}]`, async () => {
    const database = await createTestDatabase(dialect);
    const store = await openStore(database.url);
    try {
      assert.deepEqual(await pendingMigrations(store.db), Object.keys(MIGRATIONS));
      const first = await migrateToLatest(store.db);
      assert.deepEqual(first.applied, Object.keys(MIGRATIONS));
      const second = await migrateToLatest(store.db);
      assert.equal(second.alreadyCurrent, true);
      assert.deepEqual(await pendingMigrations(store.db), []);

      const newer: Record<string, Migration> = {
        ...MIGRATIONS,
        '9999-future': { up: async (db) => void (await sql`create table future_thing (id text)`.execute(db)) },
      };
      await migrateToLatest(store.db, newer);
      await assert.rejects(migrateToLatest(store.db), (e) => isVigilErrorLike(e, 'DB_SCHEMA_TOO_NEW') && /9999-future/.test((e as Error).message));
    } finally {
      await store.close();
      await database.drop();
    }
  });
}

for (const dialect of DIALECTS) {
  test(`0004 seeds the relay routes of an existing database from the agents' gateways [${dialect}]`, async () => {
    const database = await createTestDatabase(dialect);
    const store = await openStore(database.url);
    try {
      await migrateToLatest(store.db, Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0004')));
      const gatewayId = '01900000-0000-7000-8000-00000000000a' as GatewayId;
      await insertGateway(store.db, { id: gatewayId, name: 'gw1', hostName: 'gw1.example', csrPem: 'csr', nowMs: 1_000 });
      const agent = (n: number) => ({ id: `01900000-0000-7000-8000-00000000000${n}` as AgentId, name: `agent${n}`, hostName: `agent${n}.example`, csrPem: 'csr', approvalState: 'approved' as const, nowMs: 2_000, decidedBy: 'test' });
      for (const n of [1, 2, 3]) await insertAgent(store.db, agent(n));
      await setAgentGateway(store.db, agent(1).id, gatewayId);
      await setAgentGateway(store.db, agent(2).id, gatewayId);
      await store.db.updateTable('agent').set({ last_heartbeat_at: 5_000 }).where('id', '=', agent(2).id).execute();

      await migrateToLatest(store.db);
      const routes = await store.db.selectFrom('relay_route').selectAll().orderBy('source_id').execute();
      assert.deepEqual(routes.map((r) => ({ ...r, first_seen_at: Number(r.first_seen_at), last_seen_at: Number(r.last_seen_at) })), [
        { source_id: agent(1).id, gateway_id: gatewayId, first_seen_at: 2_000, last_seen_at: 2_000 },
        { source_id: agent(2).id, gateway_id: gatewayId, first_seen_at: 5_000, last_seen_at: 5_000 },
      ]);
    } finally {
      await store.close();
      await database.drop();
    }
  });
}

test('two server processes migrating the same SQLite file at once: one applies, both succeed', async () => {
  const database = await createTestDatabase('sqlite');
  try {
    const child = fileURLToPath(new URL('./fixtures/migrate-once.ts', import.meta.url));
    const run = () => execFileAsync(process.execPath, [child, database.url]).then((r) => JSON.parse(r.stdout) as { applied: string[] });
    const outcomes = await Promise.all([run(), run()]);
    assert.deepEqual(outcomes.map((o) => o.applied.length).sort(), [0, Object.keys(MIGRATIONS).length]);
  } finally {
    await database.drop();
  }
});
