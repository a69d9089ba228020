// The operational database's day-one tables: the group, its servers, pools and leases, agents
// and gateways with approval state, certificates, join tokens, users/roles/tokens, console audit.
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const operationalCore: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('management_group')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('approval_policy', 'text', (c) => c.notNull().defaultTo('reject'))
      .addColumn('ca_cert_pem', 'text', (c) => c.notNull())
      .addColumn('ca_key_pem', 'text', (c) => c.notNull())
      .addColumn('settings_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();

    await db.schema
      .createTable('management_server')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('link_port', 'integer', (c) => c.notNull())
      .addColumn('api_port', 'integer', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('stopped_at', 'bigint')
      .addColumn('certificate_serial', 'text')
      .execute();

    await db.schema
      .createTable('resource_pool')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('pool_member')
      .addColumn('pool_id', 'text', (c) => c.notNull().references('resource_pool.id').onDelete('cascade'))
      .addColumn('server_id', 'text', (c) => c.notNull().references('management_server.id').onDelete('cascade'))
      .addColumn('added_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pool_member_pk', ['pool_id', 'server_id'])
      .execute();

    await db.schema
      .createTable('pool_lease')
      .addColumn('pool_id', 'text', (c) => c.notNull().references('resource_pool.id').onDelete('cascade'))
      .addColumn('server_id', 'text', (c) => c.notNull().references('management_server.id').onDelete('cascade'))
      .addColumn('epoch', 'bigint', (c) => c.notNull())
      .addColumn('renewed_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pool_lease_pk', ['pool_id', 'server_id'])
      .execute();

    await db.schema
      .createTable('agent')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('host_name', 'text', (c) => c.notNull())
      .addColumn('approval_state', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_at', 'bigint')
      .addColumn('decided_by', 'text')
      .addColumn('csr_pem', 'text')
      .addColumn('certificate_serial', 'text')
      .addColumn('gateway_id', 'text')
      .addColumn('failover_json', 'text')
      .addColumn('heartbeat_interval_seconds', 'integer', (c) => c.notNull().defaultTo(60))
      .addColumn('last_heartbeat_at', 'bigint')
      .addColumn('connected_server_id', 'text')
      .addColumn('high_water_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('agent_version', 'text')
      .execute();
    await db.schema.createIndex('agent_approval_state_idx').on('agent').column('approval_state').execute();

    await db.schema
      .createTable('gateway')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('host_name', 'text', (c) => c.notNull())
      .addColumn('approval_state', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_at', 'bigint')
      .addColumn('decided_by', 'text')
      .addColumn('csr_pem', 'text')
      .addColumn('certificate_serial', 'text')
      .addColumn('failover_json', 'text')
      .addColumn('last_seen_at', 'bigint')
      .addColumn('connected_server_id', 'text')
      .addColumn('high_water_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('certificate')
      .addColumn('serial', 'text', (c) => c.primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('revocation_reason', 'text')
      .addColumn('certificate_pem', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('certificate_owner_idx').on('certificate').column('owner_id').execute();

    await db.schema
      .createTable('join_token')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('used_by', 'text')
      .execute();

    await db.schema
      .createTable('app_user')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('disabled_at', 'bigint')
      .execute();

    await db.schema
      .createTable('role')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('scope_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('user_role')
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
      .addColumn('role_id', 'text', (c) => c.notNull().references('role.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('user_role_pk', ['user_id', 'role_id'])
      .execute();

    await db.schema
      .createTable('api_token')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text')
      .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('source_address', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  },
};
