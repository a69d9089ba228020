import { sql } from 'kysely';
import type { AgentId, ManagementServerId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { AgentTable, ApprovalState } from '../schema/operational-schema.ts';

export interface AgentRecord {
  readonly id: AgentId;
  readonly name: string;
  readonly hostName: string;
  readonly approvalState: ApprovalState;
  readonly requestedAtMs: number;
  readonly decidedAtMs: number | null;
  readonly decidedBy: string | null;
  readonly certificateSerial: string | null;
  readonly failoverServers: readonly string[] | null;
  readonly heartbeatIntervalSeconds: number;
  readonly lastHeartbeatAtMs: number | null;
  readonly connectedServerId: ManagementServerId | null;
  readonly highWaterSeq: number;
}

function toRecord(row: AgentTable): AgentRecord {
  return {
    id: row.id as AgentId,
    name: row.name,
    hostName: row.host_name,
    approvalState: row.approval_state,
    requestedAtMs: row.requested_at,
    decidedAtMs: row.decided_at,
    decidedBy: row.decided_by,
    certificateSerial: row.certificate_serial,
    failoverServers: row.failover_json === null ? null : (JSON.parse(row.failover_json) as string[]),
    heartbeatIntervalSeconds: row.heartbeat_interval_seconds,
    lastHeartbeatAtMs: row.last_heartbeat_at,
    connectedServerId: row.connected_server_id as ManagementServerId | null,
    highWaterSeq: row.high_water_seq,
  };
}

export interface AgentEnrollment {
  readonly id: AgentId;
  readonly name: string;
  readonly hostName: string;
  readonly csrPem: string;
  readonly approvalState: ApprovalState;
  readonly nowMs: number;
  readonly decidedBy: string | null;
  /** The group's default at enrollment; change it per agent later. */
  readonly heartbeatIntervalSeconds?: number;
}

export async function insertAgent(db: Database, enrollment: AgentEnrollment): Promise<void> {
  await db
    .insertInto('agent')
    .values({
      id: enrollment.id,
      name: enrollment.name,
      host_name: enrollment.hostName,
      approval_state: enrollment.approvalState,
      requested_at: enrollment.nowMs,
      decided_at: enrollment.approvalState === 'pending' ? null : enrollment.nowMs,
      decided_by: enrollment.decidedBy,
      csr_pem: enrollment.csrPem,
      certificate_serial: null,
      gateway_id: null,
      failover_json: null,
      heartbeat_interval_seconds: enrollment.heartbeatIntervalSeconds ?? 60,
      last_heartbeat_at: null,
      connected_server_id: null,
      high_water_seq: 0,
      agent_version: null,
    })
    .execute();
}

export async function findAgentByName(db: Database, name: string): Promise<AgentRecord | undefined> {
  const row = await db.selectFrom('agent').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findAgentById(db: Database, id: AgentId): Promise<AgentRecord | undefined> {
  const row = await db.selectFrom('agent').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function listAgents(db: Database, filter: { approvalState?: ApprovalState } = {}): Promise<AgentRecord[]> {
  let query = db.selectFrom('agent').selectAll().orderBy('name');
  if (filter.approvalState) query = query.where('approval_state', '=', filter.approvalState);
  return (await query.execute()).map(toRecord);
}

/** Records an approval decision; returns false if the agent does not exist. */
export async function decideAgent(db: Database, id: AgentId, state: 'approved' | 'rejected', decidedBy: string, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('agent')
    .set({ approval_state: state, decided_at: nowMs, decided_by: decidedBy })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setAgentCertificate(db: Database, id: AgentId, serial: string): Promise<void> {
  await db.updateTable('agent').set({ certificate_serial: serial }).where('id', '=', id).execute();
}

export async function setAgentFailover(db: Database, id: AgentId, servers: readonly string[] | null): Promise<void> {
  await db.updateTable('agent').set({ failover_json: servers === null ? null : JSON.stringify(servers) }).where('id', '=', id).execute();
}

/** Per-agent heartbeat interval; the agent gets it when it next links. */
export async function setAgentHeartbeatInterval(db: Database, id: AgentId, seconds: number): Promise<void> {
  await db.updateTable('agent').set({ heartbeat_interval_seconds: seconds }).where('id', '=', id).execute();
}

export async function recordAgentHeartbeat(db: Database, id: AgentId, serverId: ManagementServerId, nowMs: number): Promise<void> {
  await recordAgentHeartbeats(db, serverId, [[id, nowMs]]);
}

/** Rows per statement when many agents are written at once (bounded SQL size and parameters). */
const AGENTS_PER_STATEMENT = 500;

/** `case id when … then … end` over (agent, value) pairs, as a bigint on both dialects. */
function valueByAgent(pairs: ReadonlyArray<readonly [AgentId, number]>) {
  return sql<number>`case ${sql.join(pairs.map(([id, value]) => sql`when id = ${id} then cast(${value} as bigint)`), sql` `)} end`;
}

/**
 * Records that each agent was heard at its time, linked to `serverId`: one statement per 500
 * agents, so a flush of thousands of heartbeats is a few round trips, not one per agent.
 */
export async function recordAgentHeartbeats(db: Database, serverId: ManagementServerId, heard: ReadonlyArray<readonly [AgentId, number]>): Promise<void> {
  for (let i = 0; i < heard.length; i += AGENTS_PER_STATEMENT) {
    const chunk = heard.slice(i, i + AGENTS_PER_STATEMENT);
    await db.updateTable('agent').set({ last_heartbeat_at: valueByAgent(chunk), connected_server_id: serverId }).where('id', 'in', chunk.map(([id]) => id)).execute();
  }
}

/** Sets the high-water mark of each agent (exactly-once ingest), 500 agents per statement. */
export async function setAgentHighWaterMarks(db: Database, marks: ReadonlyArray<readonly [AgentId, number]>): Promise<void> {
  for (let i = 0; i < marks.length; i += AGENTS_PER_STATEMENT) {
    const chunk = marks.slice(i, i + AGENTS_PER_STATEMENT);
    await db.updateTable('agent').set({ high_water_seq: valueByAgent(chunk) }).where('id', 'in', chunk.map(([id]) => id)).execute();
  }
}
