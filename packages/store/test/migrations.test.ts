import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openStore, migrateToLatest, pendingMigrations, isVigilErrorLike } from './support.ts';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { MIGRATIONS } from '@vigil/store';
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
