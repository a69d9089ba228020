// The change log: one row per committed transaction that changed monitor states or alerts or
// discovered objects, so that every management server of the group can follow what the others
// committed (the console's live feed shows changes made through any server). Rows are groomed
// after about an hour: the log is a feed, not a history (state_change and alert_history are).
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { addIncreasingIdColumn } from '../dialects/increasing-id-column.ts';

export const changeLog: Migration = {
  async up(db: Kysely<unknown>) {
    await addIncreasingIdColumn(db, db.schema.createTable('change_log'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('server_id', 'text', (c) => c.notNull())
      .addColumn('effects_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('change_log_at_idx').on('change_log').column('at').execute();
  },
};
