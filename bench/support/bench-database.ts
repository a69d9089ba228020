// A throwaway operational database for one benchmark run (a temporary SQLite file, or a fresh
// PostgreSQL database through VIGIL_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres),
// seeded with the benchmark group and, when asked, `agents` provisioned simulated agents.
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase, type DialectName, type TestDatabase } from '@vigil/store/testing';
import { ensureFleetIdentities, provisionAgents, readFleetIdentities, seedBenchGroup } from './fleet-identities.ts';

export interface BenchDatabase {
  readonly dialect: DialectName;
  readonly url: string;
  /** The benchmark's own connection, for seeding and for sampling what servers wrote. */
  readonly store: Store;
  readonly identitiesPath: string;
  dispose(): Promise<void>;
}

export async function prepareBenchDatabase(dialect: DialectName, agents: number, log: (line: string) => void): Promise<BenchDatabase> {
  const identitiesPath = await ensureFleetIdentities(Math.max(agents, 1), log);
  const identities = readFleetIdentities(identitiesPath);
  const database: TestDatabase = await createTestDatabase(dialect);
  const store = await openStore(database.url);
  const started = Date.now();
  await seedBenchGroup(store.db, identities);
  if (agents > 0) await provisionAgents(store.db, identities, 0, agents);
  if (agents > 0) log(`${dialect}: provisioned ${agents} agents in ${Date.now() - started} ms`);
  return {
    dialect,
    url: database.url,
    store,
    identitiesPath,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}
