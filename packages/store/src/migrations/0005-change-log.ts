// The change log: one row per committed transaction that changed monitor states or alerts or
// discovered objects, so that every management server of the group can follow what the others
// committed (the console's live feed shows changes made through any server). Rows are groomed
// after about an hour: the log is a feed, not a history (state_change and alert_history are).
import { SqliteAdapter, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const changeLog: Migration = {
  async up(db: Kysely<unknown>) {
    await withIncreasingId(db, db.schema.createTable('change_log'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('server_id', 'text', (c) => c.notNull())
      .addColumn('effects_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('change_log_at_idx').on('change_log').column('at').execute();
  },
};

/**
 * Adds `id`, a database-assigned key that only ever increases and is never reused, even after grooming has
 * emptied the table (followers remember the last id they read). This is the one column both
 * dialects spell differently, hence the one dialect test in the migration set: SQLite needs
 * `integer primary key autoincrement` (a bare rowid may reuse the highest id once it is deleted;
 * SQLite integers are 64-bit); PostgreSQL a bigint identity column ("by default", so tests can
 * place rows at chosen ids).
 */
function withIncreasingId(db: Kysely<unknown>, table: CreateTableBuilder<'change_log'>): CreateTableBuilder<'change_log', 'id'> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}
