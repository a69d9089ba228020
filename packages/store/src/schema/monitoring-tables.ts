// Row types of the monitoring model: management packs and the classes they define, discovered
// objects with their current health, state changes, alerts and their history, performance
// series and samples, events, maintenance, overrides, groups, agent configuration, tasks, and
// the (sourceId, seq) record that makes ingest exactly-once.
import type { HealthStateColumn } from './column-types.ts';

export interface ManagementPackTable {
  name: string;
  version: string;
  display_name: string;
  sealed: number;
  seal_key_id: string | null;
  /** The pack's YAML as imported (sealed packs: byte for byte, so the seal can be re-verified). */
  content: string;
  imported_at: number;
  imported_by: string;
}

export interface ClassTable {
  id: string;
  pack_name: string;
  base_id: string | null;
  abstract: number;
  hosted: number;
  display_name: string;
  /** JSON array of { name, type, key? }. */
  properties_json: string;
}

export interface MonitoringObjectTable {
  id: string;
  class_id: string;
  /** Natural key, unique within the class (e.g. "web01.contoso.com" or "web01.contoso.com/disk:/var"). */
  object_key: string;
  display_name: string;
  /** The object hosting this one (a disk's computer); null for unhosted objects. */
  host_id: string | null;
  /** The agent (health service) that monitors it; null for pool-hosted (agentless) objects. */
  agent_id: string | null;
  /** The resource pool that monitors it when agentless. */
  pool_id: string | null;
  properties_json: string;
  /** The discovery (and the object it ran against) that found this object; it removes what it no longer finds. */
  discovery_id: string | null;
  discovery_target_key: string | null;
  /** Entity Health, kept current by the health engine, so state views read one row per object. */
  health_state: HealthStateColumn;
  health_changed_at: number;
  /** 1 while in maintenance mode (set at once when maintenance starts or ends). */
  in_maintenance: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface RelationshipInstanceTable {
  relationship_id: string;
  source_id: string;
  target_id: string;
  created_at: number;
}

export interface MonitorStateTable {
  object_id: string;
  monitor_id: string;
  state: HealthStateColumn;
  changed_at: number;
  /** What caused the last change (the sample, the plugin output), as JSON. */
  context_json: string;
}

export interface StateChangeTable {
  id: string;
  object_id: string;
  monitor_id: string;
  from_state: HealthStateColumn;
  to_state: HealthStateColumn;
  at: number;
  context_json: string;
}

export interface AlertTable {
  id: string;
  name: string;
  description: string;
  severity: 'critical' | 'warning' | 'information';
  priority: 'high' | 'medium' | 'low';
  resolution_state: number;
  object_id: string | null;
  /** 'monitor' alerts follow their monitor's state; 'rule' alerts count repeats. */
  source_kind: 'monitor' | 'rule';
  source_id: string;
  suppression_key: string | null;
  repeat_count: number;
  owner: string | null;
  ticket_id: string | null;
  raised_at: number;
  last_modified_at: number;
  resolved_at: number | null;
  context_json: string;
}

export interface AlertHistoryTable {
  id: string;
  alert_id: string;
  at: number;
  by: string;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  comment: string | null;
}

export interface PerfSeriesTable {
  id: string;
  object_id: string | null;
  object_key: string;
  counter: string;
  instance: string;
  created_at: number;
}

export interface PerfSampleTable {
  series_id: string;
  at: number;
  value: number;
}

export interface EventTable {
  id: string;
  object_id: string | null;
  object_key: string;
  agent_id: string | null;
  event_id: string;
  level: string;
  message: string;
  at: number;
  data_json: string;
}

export interface ReceivedBatchTable {
  source_id: string;
  seq: number;
  received_at: number;
}

export interface MaintenanceWindowTable {
  id: string;
  object_id: string;
  /** 1 = the object and everything it hosts or contains. */
  recursive: number;
  starts_at: number;
  ends_at: number;
  /** When it actually ended (stopped early or reached ends_at); null while active. */
  ended_at: number | null;
  reason: string;
  planned: number;
  comment: string;
  started_by: string;
  schedule_id: string | null;
}

export interface MaintenanceScheduleTable {
  id: string;
  name: string;
  object_id: string;
  recursive: number;
  /** JSON of the core MaintenanceSchedule (recurrence, time zone, duration). */
  schedule_json: string;
  reason: string;
  planned: number;
  comment: string;
  enabled: number;
  created_by: string;
  created_at: number;
}

export interface OverrideTable {
  id: string;
  /** The unsealed pack the override belongs to. */
  pack_name: string;
  workflow_id: string;
  parameter: string;
  value_json: string;
  context_kind: 'class' | 'group' | 'instance';
  context_id: string;
  enforced: number;
  created_at: number;
  created_by: string;
}

export interface GroupTable {
  id: string;
  display_name: string;
  pack_name: string | null;
  /** JSON of the group definition (static members, dynamic rules, nested groups). */
  definition_json: string;
  created_at: number;
}

export interface GroupMemberTable {
  group_id: string;
  object_id: string;
  /** 'static' | 'dynamic' | 'nested' */
  via: string;
}

export interface AgentConfigTable {
  agent_id: string;
  version: string;
  content_json: string;
  updated_at: number;
  /** The version the agent last acknowledged as applied. */
  applied_version: string | null;
}

export interface TaskTable {
  id: string;
  agent_id: string;
  object_id: string | null;
  task_type: string;
  parameters_json: string;
  status: 'queued' | 'sent' | 'succeeded' | 'failed' | 'timed-out';
  output: string | null;
  exit_code: number | null;
  submitted_by: string;
  submitted_at: number;
  completed_at: number | null;
  timeout_seconds: number;
}

export interface MonitoringDatabase {
  management_pack: ManagementPackTable;
  class: ClassTable;
  monitoring_object: MonitoringObjectTable;
  relationship_instance: RelationshipInstanceTable;
  monitor_state: MonitorStateTable;
  state_change: StateChangeTable;
  alert: AlertTable;
  alert_history: AlertHistoryTable;
  perf_series: PerfSeriesTable;
  perf_sample: PerfSampleTable;
  event: EventTable;
  received_batch: ReceivedBatchTable;
  maintenance_window: MaintenanceWindowTable;
  maintenance_schedule: MaintenanceScheduleTable;
  override: OverrideTable;
  monitoring_group: GroupTable;
  group_member: GroupMemberTable;
  agent_config: AgentConfigTable;
  task: TaskTable;
}
