// The SDK API's sign-in sessions (console cookies and CLI bearer sessions), plus the indexes
// the API's lists and its token/user look-ups rely on.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const apiSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('api_session')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('csrf_hash', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('absolute_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('source_address', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('api_session_user_idx').on('api_session').column('user_id').execute();
    await db.schema.createIndex('api_session_expires_idx').on('api_session').column('expires_at').execute();
    await db.schema.createIndex('api_token_user_idx').on('api_token').column('user_id').execute();
    await db.schema.createIndex('user_role_role_idx').on('user_role').column('role_id').execute();
  },
};
