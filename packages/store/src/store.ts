// Opens the operational database on either dialect and hands out one Kysely instance. Everything
// dialect-specific stays in ./dialects; repositories see only Kysely<OperationalDatabase>.
import { Kysely, CompiledQuery, sql } from 'kysely';
import { VigilError } from '@vigil/core';
import { parseDatabaseUrl, describeDatabase, type DatabaseLocation } from './database-url.ts';
import { createSqliteDialect } from './dialects/sqlite/sqlite-dialect.ts';
import { createPostgresDialect } from './dialects/postgres/postgres-dialect.ts';
import { encodeBulkInsert, type BulkInsertRequest } from './dialects/bulk-insert-marker.ts';
import type { OperationalDatabase } from './schema/operational-schema.ts';

export type Database = Kysely<OperationalDatabase>;

export interface Store {
  readonly db: Database;
  readonly location: DatabaseLocation;
  /** Human description with secrets masked, for logs and `vigil up`'s banner. */
  readonly description: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  readonly busyTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
  readonly synchronous?: 'full' | 'normal';
  /**
   * PostgreSQL only: the server ends a session that sits idle inside a transaction this long. A
   * client cut off from the database mid-transaction leaves its session holding row locks until
   * TCP notices (hours); this bounds how long peers can be kept waiting on them. Default 0 (off).
   */
  readonly idleInTransactionTimeoutMs?: number;
}

/**
 * Opens (and for SQLite creates) the database at `url` and checks it answers.
 * Throws DB_URL_UNSUPPORTED or DB_UNREACHABLE with a message that says what to fix.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(url);
  const dialect =
    location.kind === 'sqlite'
      ? createSqliteDialect({ path: location.path, busyTimeoutMs: options.busyTimeoutMs ?? 5000, synchronous: options.synchronous ?? 'full' })
      : createPostgresDialect({
          url: location.url,
          maxConnections: options.maxConnections ?? 10,
          connectTimeoutMs: options.connectTimeoutMs ?? 5000,
          idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs ?? 0,
        });
  const db = new Kysely<OperationalDatabase>({ dialect });
  const description = describeDatabase(location);
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new VigilError('DB_UNREACHABLE', { url: description, reason: (error as Error).message }, { cause: error });
  }
  return { db, location, description, close: () => db.destroy() };
}

/**
 * Inserts many rows fast (SQLite: prepared statement per row; PostgreSQL: COPY). Runs inside
 * the transaction `db` belongs to, if any.
 */
export async function bulkInsert<DB>(
  db: Kysely<DB>,
  table: NoInfer<keyof DB & string>,
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<unknown>>,
): Promise<void> {
  if (rows.length === 0) return;
  const request: BulkInsertRequest = { table, columns, rows };
  const { sql: text, parameters } = encodeBulkInsert(request);
  await db.executeQuery(CompiledQuery.raw(text, parameters));
}
