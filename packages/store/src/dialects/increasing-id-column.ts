// The one column type the two dialects spell differently: a database-assigned integer key that
// only ever increases and is never reused, even after every row was deleted (a follower that
// remembers the last id it read must never see that id again). SQLite needs `integer primary key
// autoincrement` (a bare rowid may reuse the highest id once it is deleted; SQLite integers are
// 64-bit); PostgreSQL a bigint identity column ("by default", so tests can place rows at chosen ids).
import { SqliteAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

export function addIncreasingIdColumn<T extends string>(db: Kysely<unknown>, table: CreateTableBuilder<T>): CreateTableBuilder<T, 'id'> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}
