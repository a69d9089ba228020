// The embedded dialect: one `node:sqlite` connection per process (SQLite has one writer at a
// time; Kysely's driver serialises this process's queries on it), WAL so readers do not block
// the writer, a busy timeout so several processes on one file wait instead of failing.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteAdapter, SqliteDialect, type DialectAdapter, type Dialect } from 'kysely';
import { adaptNodeSqlite } from './sqlite-adapter.ts';

export interface SqliteOptions {
  readonly path: string;
  readonly busyTimeoutMs: number;
  /** 'full' makes every commit durable across power loss; acks promise durability. */
  readonly synchronous: 'full' | 'normal';
}

export function createSqliteDialect(options: SqliteOptions): Dialect {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
  const database = new DatabaseSync(options.path, { timeout: options.busyTimeoutMs });
  // The operational database holds the group CA's key and credential hashes: owner-only.
  if (options.path !== ':memory:') chmodSync(options.path, 0o600);
  database.exec('PRAGMA journal_mode = WAL');
  database.exec(`PRAGMA synchronous = ${options.synchronous.toUpperCase()}`);
  database.exec('PRAGMA foreign_keys = ON');
  return new TransactionalDdlSqliteDialect({ database: adaptNodeSqlite(database) });
}

/**
 * SQLite does run DDL inside transactions; telling Kysely so makes the migrator run each
 * migration batch in one BEGIN IMMEDIATE transaction, which is what serialises several
 * management servers migrating the same file at once (Kysely's SQLite migration lock is a no-op).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
