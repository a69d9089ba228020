// Row types of the operational database, as Kysely sees them. Times are epoch milliseconds;
// IDs are UUID strings (branded at the repository boundary); JSON travels as text so both
// dialects store it the same way; there are no boolean columns (SQLite has none).

import type { Generated } from 'kysely';
import type { ApiTables } from './api-tables.ts';

export type ApprovalPolicy = 'reject' | 'review' | 'auto-approve';
export type ApprovalState = 'pending' | 'approved' | 'rejected';
export type CertificateRole = 'management-server' | 'gateway' | 'agent';
export type PoolKind = 'automatic' | 'manual';
export type UserProfile = 'administrator' | 'advanced-operator' | 'author' | 'operator' | 'read-only-operator' | 'report-operator';

export interface ManagementGroupTable {
  id: string;
  name: string;
  created_at: number;
  approval_policy: ApprovalPolicy;
  ca_cert_pem: string;
  /** The CA key lives with the group so that any management server can sign approved CSRs. */
  ca_key_pem: string;
  settings_json: string;
}

export interface ManagementServerTable {
  id: string;
  name: string;
  host: string;
  link_port: number;
  api_port: number;
  version: string;
  started_at: number;
  last_seen_at: number;
  stopped_at: number | null;
  certificate_serial: string | null;
}

export interface ResourcePoolTable {
  id: string;
  name: string;
  kind: PoolKind;
  created_at: number;
}

export interface PoolMemberTable {
  pool_id: string;
  server_id: string;
  added_at: number;
}

export interface PoolLeaseTable {
  pool_id: string;
  server_id: string;
  /** Increases every time the member (re)acquires the lease; fences writes from stale members. */
  epoch: number;
  renewed_at: number;
  expires_at: number;
}

export interface AgentTable {
  id: string;
  name: string;
  host_name: string;
  approval_state: ApprovalState;
  requested_at: number;
  decided_at: number | null;
  decided_by: string | null;
  csr_pem: string | null;
  certificate_serial: string | null;
  gateway_id: string | null;
  /** JSON array of "host:port", in failover order; null = use what the agent was configured with. */
  failover_json: string | null;
  heartbeat_interval_seconds: number;
  last_heartbeat_at: number | null;
  connected_server_id: string | null;
  /** The highest batch sequence number committed from this agent (exactly-once ingest). */
  high_water_seq: number;
  agent_version: string | null;
}

export interface GatewayTable {
  id: string;
  name: string;
  host_name: string;
  approval_state: ApprovalState;
  requested_at: number;
  decided_at: number | null;
  decided_by: string | null;
  csr_pem: string | null;
  certificate_serial: string | null;
  failover_json: string | null;
  last_seen_at: number | null;
  connected_server_id: string | null;
  high_water_seq: number;
}

/**
 * A source a gateway announced: an agent linked to it, or a gateway chained behind it (source_id
 * is then a gateway id). The MS accepts relayed messages of a source only on the link of a gateway
 * it was announced through — ever, not only now: the gateway may forward its spool after the agent
 * moved on.
 */
export interface RelayRouteTable {
  source_id: string;
  gateway_id: string;
  first_seen_at: number;
  last_seen_at: number;
}

export interface CertificateTable {
  serial: string;
  subject: string;
  role: CertificateRole;
  owner_id: string;
  issued_at: number;
  expires_at: number;
  revoked_at: number | null;
  revocation_reason: string | null;
  certificate_pem: string;
}

export interface JoinTokenTable {
  id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
}

export interface UserTable {
  id: string;
  name: string;
  display_name: string;
  password_hash: string | null;
  created_at: number;
  disabled_at: number | null;
}

export interface RoleTable {
  id: string;
  name: string;
  profile: UserProfile;
  /** JSON: { groups?: string[], classes?: string[] }; empty = everything. */
  scope_json: string;
  created_at: number;
}

export interface UserRoleTable {
  user_id: string;
  role_id: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

export interface AuditLogTable {
  /** UUIDv7: time-ordered, no dialect-specific auto-increment needed. */
  id: string;
  at: number;
  user_id: string | null;
  user_name: string;
  action: string;
  target_kind: string;
  target_id: string | null;
  detail_json: string;
  source_address: string | null;
}

/** One committed transaction's monitoring changes, for the group's other servers to follow. */
export interface ChangeLogTable {
  /** Assigned by the database, increasing, never reused; on PostgreSQL not in commit order. */
  id: Generated<number>;
  at: number;
  server_id: string;
  /** The committing server's change description; opaque to the store. */
  effects_json: string;
}

import type { MonitoringDatabase } from './monitoring-tables.ts';

/** Every table of the operational database. */
export interface OperationalDatabase extends MonitoringDatabase, ApiTables {
  management_group: ManagementGroupTable;
  management_server: ManagementServerTable;
  resource_pool: ResourcePoolTable;
  pool_member: PoolMemberTable;
  pool_lease: PoolLeaseTable;
  agent: AgentTable;
  gateway: GatewayTable;
  relay_route: RelayRouteTable;
  certificate: CertificateTable;
  join_token: JoinTokenTable;
  app_user: UserTable;
  role: RoleTable;
  user_role: UserRoleTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  change_log: ChangeLogTable;
}
