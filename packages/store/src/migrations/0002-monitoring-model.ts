// The monitoring model: packs and classes, objects with current health, states and their
// history, alerts, performance series/samples, events, exactly-once batch records,
// maintenance, overrides, groups, agent configuration and tasks. Indexes follow the console's
// hot queries (open alerts newest first, objects of a class by health, a series over time).
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

async function packsAndClasses(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('management_pack')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('sealed', 'integer', (c) => c.notNull())
    .addColumn('seal_key_id', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('class')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pack_name', 'text', (c) => c.notNull())
    .addColumn('base_id', 'text')
    .addColumn('abstract', 'integer', (c) => c.notNull())
    .addColumn('hosted', 'integer', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('properties_json', 'text', (c) => c.notNull())
    .execute();
}

async function objectsAndHealth(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('monitoring_object')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'text', (c) => c.notNull())
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('host_id', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('pool_id', 'text')
    .addColumn('properties_json', 'text', (c) => c.notNull())
    .addColumn('discovery_id', 'text')
    .addColumn('discovery_target_key', 'text')
    .addColumn('health_state', 'text', (c) => c.notNull())
    .addColumn('health_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('in_maintenance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addUniqueConstraint('monitoring_object_class_key', ['class_id', 'object_key'])
    .execute();
  await db.schema.createIndex('monitoring_object_class_health_idx').on('monitoring_object').columns(['class_id', 'health_state', 'display_name']).execute();
  await db.schema.createIndex('monitoring_object_key_idx').on('monitoring_object').column('object_key').execute();
  await db.schema.createIndex('monitoring_object_discovery_idx').on('monitoring_object').columns(['discovery_target_key', 'discovery_id']).execute();
  await db.schema.createIndex('monitoring_object_agent_idx').on('monitoring_object').column('agent_id').execute();
  await db.schema.createIndex('monitoring_object_host_idx').on('monitoring_object').column('host_id').execute();
  await db.schema.createIndex('monitoring_object_pool_idx').on('monitoring_object').column('pool_id').execute();

  await db.schema
    .createTable('relationship_instance')
    .addColumn('relationship_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('relationship_instance_pk', ['relationship_id', 'source_id', 'target_id'])
    .execute();
  await db.schema.createIndex('relationship_instance_target_idx').on('relationship_instance').column('target_id').execute();

  await db.schema
    .createTable('monitor_state')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('context_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitor_state_pk', ['object_id', 'monitor_id'])
    .execute();
  await db.schema
    .createTable('state_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('context_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('state_change_object_at_idx').on('state_change').columns(['object_id', 'at']).execute();
  await db.schema.createIndex('state_change_at_idx').on('state_change').column('at').execute();
}

async function alerts(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('alert')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('resolution_state', 'integer', (c) => c.notNull())
    .addColumn('object_id', 'text')
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('suppression_key', 'text')
    .addColumn('repeat_count', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('ticket_id', 'text')
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('last_modified_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('context_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_open_raised_idx').on('alert').columns(['resolution_state', 'raised_at']).execute();
  await db.schema.createIndex('alert_object_idx').on('alert').columns(['object_id', 'source_id']).execute();
  await db.schema.createIndex('alert_suppression_idx').on('alert').column('suppression_key').execute();
  await db.schema
    .createTable('alert_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('alert_history_alert_idx').on('alert_history').columns(['alert_id', 'at']).execute();
}

async function dataStreams(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('perf_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_id', 'text')
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('perf_series_identity', ['object_key', 'counter', 'instance'])
    .execute();
  await db.schema.createIndex('perf_series_object_idx').on('perf_series').column('object_id').execute();
  // No primary key: samples are append-only and read by series over a time range.
  await db.schema
    .createTable('perf_sample')
    .addColumn('series_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('perf_sample_series_at_idx').on('perf_sample').columns(['series_id', 'at']).execute();

  await db.schema
    .createTable('event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_id', 'text')
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_at_idx').on('event').column('at').execute();
  await db.schema.createIndex('event_object_at_idx').on('event').columns(['object_id', 'at']).execute();

  await db.schema
    .createTable('received_batch')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('received_batch_pk', ['source_id', 'seq'])
    .execute();
}

async function operations(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('maintenance_window')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('recursive', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('planned', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('schedule_id', 'text')
    .execute();
  await db.schema.createIndex('maintenance_window_object_idx').on('maintenance_window').columns(['object_id', 'ended_at']).execute();
  await db.schema
    .createTable('maintenance_schedule')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('recursive', 'integer', (c) => c.notNull())
    .addColumn('schedule_json', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('planned', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('override')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pack_name', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('parameter', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('context_kind', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text', (c) => c.notNull())
    .addColumn('enforced', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('override_workflow_idx').on('override').columns(['workflow_id', 'parameter']).execute();
  await db.schema
    .createTable('monitoring_group')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('pack_name', 'text')
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('group_member')
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_member_pk', ['group_id', 'object_id'])
    .execute();
  await db.schema.createIndex('group_member_object_idx').on('group_member').column('object_id').execute();
  await db.schema
    .createTable('agent_config')
    .addColumn('agent_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('content_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_version', 'text')
    .execute();
  await db.schema
    .createTable('task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text')
    .addColumn('task_type', 'text', (c) => c.notNull())
    .addColumn('parameters_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('output', 'text')
    .addColumn('exit_code', 'integer')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_agent_status_idx').on('task').columns(['agent_id', 'status']).execute();
}

export const monitoringModel: Migration = {
  async up(db: AnyDb) {
    await packsAndClasses(db);
    await objectsAndHealth(db);
    await alerts(db);
    await dataStreams(db);
    await operations(db);
  },
};
