// Adapts Node's built-in `node:sqlite` DatabaseSync to the small SqliteDatabase interface
// Kysely's SQLite driver needs (prepare + all/run/iterate), so no native addon is required.
import type { DatabaseSync, StatementSync, SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { BULK_INSERT_PREFIX, decodeBulkInsert, type BulkInsertRequest } from '../bulk-insert-marker.ts';

type RunResult = ReturnType<SqliteStatement['run']>;

export function adaptNodeSqlite(database: DatabaseSync): SqliteDatabase {
  const statements = new Map<string, StatementSync>();
  const prepare = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      // Keep the cache bounded: ad-hoc queries (varying IN lists) must not grow it forever.
      if (statements.size > 500) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };

  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      // Kysely opens transactions with a plain BEGIN (deferred). Several management servers may
      // share one SQLite file; a deferred transaction that later needs the write lock can fail
      // with SQLITE_BUSY without waiting. BEGIN IMMEDIATE takes the lock up front and honours
      // the busy timeout instead.
      if (sql === 'begin') return plainStatement(() => database.exec('BEGIN IMMEDIATE'));
      return {
        get reader() {
          return !sql.startsWith(BULK_INSERT_PREFIX) && prepare(sql).columns().length > 0;
        },
        all: (parameters) => prepare(sql).all(...(parameters as SQLInputValue[])) as unknown[],
        run(parameters): RunResult {
          const bulk = decodeBulkInsert(sql, parameters);
          if (bulk) return runBulkInsert(database, bulk);
          return prepare(sql).run(...(parameters as SQLInputValue[]));
        },
        iterate: (parameters) => prepare(sql).iterate(...(parameters as SQLInputValue[])) as IterableIterator<unknown>,
      };
    },
  };
}

function plainStatement(run: () => void): SqliteStatement {
  return {
    reader: false,
    all: () => (run(), []),
    run: () => (run(), { changes: 0, lastInsertRowid: 0 }),
    iterate: () => (run(), [][Symbol.iterator]()),
  };
}

function runBulkInsert(database: DatabaseSync, request: BulkInsertRequest): RunResult {
  const placeholders = request.columns.map(() => '?').join(', ');
  const statement = database.prepare(`INSERT INTO ${request.table} (${request.columns.join(', ')}) VALUES (${placeholders})`);
  // Outside a transaction every row would be its own durable commit; make the batch one.
  const ownTransaction = !database.isTransaction;
  if (ownTransaction) database.exec('BEGIN IMMEDIATE');
  try {
    for (const row of request.rows) statement.run(...(row as SQLInputValue[]));
    if (ownTransaction) database.exec('COMMIT');
  } catch (error) {
    if (ownTransaction) database.exec('ROLLBACK');
    throw error;
  }
  return { changes: request.rows.length, lastInsertRowid: 0 };
}
