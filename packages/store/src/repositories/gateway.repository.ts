// Gateways of the management group: approval state (as agents: pending → approved | rejected),
// the certificate issued on approval, where each gateway is linked and the high-water mark of
// its own batches (the gateway's health data; relayed agents' batches keep the agents' marks).
// Relay routes: which agents (and chained gateways) each gateway has announced, so it may relay
// only for those.
import type { AgentId, GatewayId, ManagementServerId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { ApprovalState, GatewayTable } from '../schema/operational-schema.ts';

export interface GatewayRecord {
  readonly id: GatewayId;
  readonly name: string;
  readonly hostName: string;
  readonly approvalState: ApprovalState;
  readonly requestedAtMs: number;
  readonly decidedAtMs: number | null;
  readonly decidedBy: string | null;
  readonly certificateSerial: string | null;
  /** "host:port" of management servers in failover order; null = what the gateway was started with. */
  readonly failoverServers: readonly string[] | null;
  readonly lastSeenAtMs: number | null;
  readonly connectedServerId: ManagementServerId | null;
  readonly highWaterSeq: number;
}

function toRecord(row: GatewayTable): GatewayRecord {
  return {
    id: row.id as GatewayId,
    name: row.name,
    hostName: row.host_name,
    approvalState: row.approval_state,
    requestedAtMs: Number(row.requested_at),
    decidedAtMs: row.decided_at === null ? null : Number(row.decided_at),
    decidedBy: row.decided_by,
    certificateSerial: row.certificate_serial,
    failoverServers: row.failover_json === null ? null : (JSON.parse(row.failover_json) as string[]),
    lastSeenAtMs: row.last_seen_at === null ? null : Number(row.last_seen_at),
    connectedServerId: row.connected_server_id as ManagementServerId | null,
    highWaterSeq: Number(row.high_water_seq),
  };
}

export interface GatewayEnrollment {
  readonly id: GatewayId;
  readonly name: string;
  readonly hostName: string;
  readonly csrPem: string;
  readonly nowMs: number;
}

/** Records a new gateway in pending state with its certificate request. */
export async function insertGateway(db: Database, enrollment: GatewayEnrollment): Promise<void> {
  await db
    .insertInto('gateway')
    .values({
      id: enrollment.id,
      name: enrollment.name,
      host_name: enrollment.hostName,
      approval_state: 'pending',
      requested_at: enrollment.nowMs,
      decided_at: null,
      decided_by: null,
      csr_pem: enrollment.csrPem,
      certificate_serial: null,
      failover_json: null,
      last_seen_at: null,
      connected_server_id: null,
      high_water_seq: 0,
    })
    .execute();
}

/** A new certificate request from a known gateway (new key): back to pending, old certificate forgotten. */
export async function replaceGatewayRequest(db: Database, id: GatewayId, csrPem: string, hostName: string, nowMs: number): Promise<void> {
  await db
    .updateTable('gateway')
    .set({ csr_pem: csrPem, host_name: hostName, approval_state: 'pending', certificate_serial: null, requested_at: nowMs, decided_at: null, decided_by: null })
    .where('id', '=', id)
    .execute();
}

export async function findGatewayByName(db: Database, name: string): Promise<GatewayRecord | undefined> {
  const row = await db.selectFrom('gateway').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findGatewayById(db: Database, id: GatewayId): Promise<GatewayRecord | undefined> {
  const row = await db.selectFrom('gateway').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function gatewayCsrPem(db: Database, id: GatewayId): Promise<string | null> {
  return (await db.selectFrom('gateway').select('csr_pem').where('id', '=', id).executeTakeFirst())?.csr_pem ?? null;
}

export async function listGatewayRecords(db: Database, filter: { approvalState?: ApprovalState } = {}): Promise<GatewayRecord[]> {
  let query = db.selectFrom('gateway').selectAll().orderBy('name');
  if (filter.approvalState) query = query.where('approval_state', '=', filter.approvalState);
  return (await query.execute()).map(toRecord);
}

/** Records an approval decision (and, on approval, the issued certificate's serial). */
export async function decideGateway(db: Database, id: GatewayId, decision: { state: 'approved' | 'rejected'; decidedBy: string; nowMs: number; certificateSerial?: string }): Promise<boolean> {
  const result = await db
    .updateTable('gateway')
    .set({
      approval_state: decision.state,
      decided_at: decision.nowMs,
      decided_by: decision.decidedBy,
      ...(decision.certificateSerial === undefined ? {} : { certificate_serial: decision.certificateSerial }),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setGatewayFailover(db: Database, id: GatewayId, servers: readonly string[] | null): Promise<void> {
  await db.updateTable('gateway').set({ failover_json: servers === null ? null : JSON.stringify(servers) }).where('id', '=', id).execute();
}

/** The gateway is linked to `serverId` now (on link and on each of its heartbeats). */
export async function recordGatewaySeen(db: Database, id: GatewayId, serverId: ManagementServerId, nowMs: number): Promise<void> {
  await db.updateTable('gateway').set({ last_seen_at: nowMs, connected_server_id: serverId }).where('id', '=', id).execute();
}

/** Raises the gateway's own high-water mark (never lowers it). */
export async function raiseGatewayHighWater(db: Database, id: GatewayId, seq: number): Promise<void> {
  await db.updateTable('gateway').set({ high_water_seq: seq }).where('id', '=', id).where('high_water_seq', '<', seq).execute();
}

/** Which gateway an agent is reached through now (null: it links to a management server directly). */
export async function setAgentGateway(db: Database, agentId: AgentId, gatewayId: GatewayId | null): Promise<void> {
  await db.updateTable('agent').set({ gateway_id: gatewayId }).where('id', '=', agentId).execute();
}

/**
 * Records that `sourceId` (an agent, or a gateway chained behind) was announced through
 * `gatewayId`: from now on that gateway may relay its messages (see hasRelayRoute).
 */
export async function recordRelayRoute(db: Database, sourceId: AgentId | GatewayId, gatewayId: GatewayId, nowMs: number): Promise<void> {
  await db
    .insertInto('relay_route')
    .values({ source_id: sourceId, gateway_id: gatewayId, first_seen_at: nowMs, last_seen_at: nowMs })
    .onConflict((oc) => oc.columns(['source_id', 'gateway_id']).doUpdateSet({ last_seen_at: nowMs }))
    .execute();
}

/** Whether `sourceId` was ever announced through `gatewayId` (on any management server). */
export async function hasRelayRoute(db: Database, sourceId: string, gatewayId: GatewayId): Promise<boolean> {
  const row = await db.selectFrom('relay_route').select('source_id').where('source_id', '=', sourceId).where('gateway_id', '=', gatewayId).executeTakeFirst();
  return row !== undefined;
}
