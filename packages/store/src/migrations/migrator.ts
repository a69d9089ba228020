// Applies the migration set and records each applied migration (Kysely's migration table, named
// vigil_migration). Forward-only: there is no "down". A database that has migrations this
// version does not know was written by a newer Vigil and is refused.
import type { Kysely } from 'kysely';
import { Migrator, type MigrationProvider, type Migration } from 'kysely/migration';
import { VigilError } from '@vigil/core';
import { MIGRATIONS } from './migration-set.ts';

const MIGRATION_TABLE = 'vigil_migration';
const MIGRATION_LOCK_TABLE = 'vigil_migration_lock';

export interface MigrationOutcome {
  readonly applied: readonly string[];
  readonly alreadyCurrent: boolean;
}

// Migrations work on the untyped schema: they create it.
type AnyDatabase = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function migrator(db: AnyDatabase, migrations: Readonly<Record<string, Migration>>): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
  return new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
}

/** Brings the schema up to date. Safe to run concurrently from several servers (Kysely locks). */
export async function migrateToLatest(
  db: AnyDatabase,
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<MigrationOutcome> {
  const known = new Set(Object.keys(migrations));
  const recorded = await recordedMigrations(db);
  const unknown = recorded.find((name) => !known.has(name));
  if (unknown) throw new VigilError('DB_SCHEMA_TOO_NEW', { migration: unknown });

  const { results, error } = await migrator(db, migrations).migrateToLatest();
  if (error) throw error;
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, alreadyCurrent: applied.length === 0 };
}

/** Names of the migrations not yet applied (empty when current). */
export async function pendingMigrations(
  db: AnyDatabase,
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<string[]> {
  const recorded = new Set(await recordedMigrations(db));
  return Object.keys(migrations).filter((name) => !recorded.has(name));
}

async function recordedMigrations(db: AnyDatabase): Promise<string[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const rows: Array<{ name: string }> = await db.selectFrom(MIGRATION_TABLE).select('name').execute();
  return rows.map((r) => r.name);
}
