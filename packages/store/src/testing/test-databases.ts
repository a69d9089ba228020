// Test support: run the same store test on every dialect. Each SQLite test database is a fresh
// temporary file; each PostgreSQL one is a fresh database created through VIGIL_TEST_PG_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) and dropped afterwards. PostgreSQL tests
// are never skipped silently: if the server is unreachable the test fails and says how to start it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../store.ts';
import { migrateToLatest } from '../migrations/migrator.ts';

export type DialectName = 'sqlite' | 'postgres';
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export function testPostgresAdminUrl(): string {
  return process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  readonly dialect: DialectName;
  /** The URL to open it with (a file path for SQLite). */
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database of the given dialect. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
    return { dialect, url: join(dir, 'opsdb.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = testPostgresAdminUrl();
  const name = `vigil_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server at ${adminUrl} (${(error as Error).message}). ` +
        `Start it (pg_ctlcluster <version> main start) or set VIGIL_TEST_PG_URL.`,
      { cause: error },
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A migrated store on a fresh database; `cleanup` closes it and drops the database. */
export async function createTestStore(dialect: DialectName): Promise<{ store: Store; database: TestDatabase; cleanup(): Promise<void> }> {
  const database = await createTestDatabase(dialect);
  const store = await openStore(database.url);
  await migrateToLatest(store.db);
  return {
    store,
    database,
    async cleanup() {
      await store.close();
      await database.drop();
    },
  };
}
