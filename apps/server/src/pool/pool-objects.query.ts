// Reads what pool workloads need from the operational database: pool-hosted objects with their
// probe definitions, a monitor's last stored state, and agents with their computers.
//
// Probe definitions live in the object's properties_json under "probes" (what a discovery or the
// API writes for an agentless object):
//   { "probes": [ { "name": "web", "probe": "http", "config": { "url": "https://..." },
//                   "intervalSeconds": 60, "monitorId": "Contoso.Web.Availability",
//                   "monitor": { "failuresBeforeUnhealthy": 2 } } ] }
// monitorId defaults to "Vigil.Pool.Probe.<name>"; "monitor" is the probe-result monitor config.
import type { HealthState } from '@vigil/core';
import type { Database } from '@vigil/store';
import type { ProbeResultConfig } from '@vigil/core';
import type { WatchedAgent } from './heartbeat/heartbeat-decision.ts';

export interface ProbeDefinition {
  readonly name: string;
  readonly probe: string;
  readonly config: unknown;
  readonly intervalMs: number;
  readonly monitorId: string;
  readonly monitor: ProbeResultConfig;
}

export interface PoolObject {
  readonly id: string;
  readonly objectKey: string;
  readonly inMaintenance: boolean;
  readonly probes: readonly ProbeDefinition[];
}

const DEFAULT_PROBE_INTERVAL_SECONDS = 60;

export async function listPoolObjects(db: Database, poolId: string): Promise<PoolObject[]> {
  const rows = await db
    .selectFrom('monitoring_object')
    .select(['id', 'object_key', 'in_maintenance', 'properties_json'])
    .where('pool_id', '=', poolId)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, objectKey: r.object_key, inMaintenance: Number(r.in_maintenance) === 1, probes: probeDefinitions(r.properties_json) }));
}

/** The probes of an object; malformed entries are skipped (validation happens where they are written). */
export function probeDefinitions(propertiesJson: string): ProbeDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(propertiesJson);
  } catch {
    return [];
  }
  const list = (parsed as { probes?: unknown })?.probes;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: Record<string, unknown>) => {
    if (typeof entry?.name !== 'string' || typeof entry.probe !== 'string') return [];
    const seconds = typeof entry.intervalSeconds === 'number' && entry.intervalSeconds > 0 ? entry.intervalSeconds : DEFAULT_PROBE_INTERVAL_SECONDS;
    return [{
      name: entry.name,
      probe: entry.probe,
      config: entry.config ?? {},
      intervalMs: seconds * 1000,
      monitorId: typeof entry.monitorId === 'string' ? entry.monitorId : `Vigil.Pool.Probe.${entry.name}`,
      monitor: (entry.monitor ?? {}) as ProbeResultConfig,
    }];
  });
}

/** The stored state of each monitor of an object (what a new owner continues from). */
export async function readMonitorStates(db: Database, objectId: string): Promise<Map<string, HealthState>> {
  const rows = await db.selectFrom('monitor_state').select(['monitor_id', 'state']).where('object_id', '=', objectId).execute();
  return new Map(rows.map((r) => [r.monitor_id, r.state]));
}

export interface AgentObjects {
  readonly agent: WatchedAgent;
  readonly healthServiceObjectId: string | null;
  readonly computerObjectId: string | null;
}

const HEALTH_SERVICE_CLASS = 'Vigil.Core.HealthService';
const COMPUTER_CLASS = 'Vigil.Core.Computer';

/**
 * Approved agents with their health-service and computer objects (class Vigil.Core.HealthService
 * and Vigil.Core.Computer with agent_id = the agent). Without discovered objects the keys fall
 * back to the agent's name and host name, so failures are still reported.
 */
export async function listWatchedAgents(db: Database): Promise<AgentObjects[]> {
  const agents = await db
    .selectFrom('agent')
    .select(['id', 'name', 'host_name', 'gateway_id', 'last_heartbeat_at', 'heartbeat_interval_seconds'])
    .where('approval_state', '=', 'approved')
    .orderBy('id')
    .execute();
  const objects = await db
    .selectFrom('monitoring_object')
    .select(['id', 'agent_id', 'class_id', 'object_key', 'in_maintenance'])
    .where('class_id', 'in', [HEALTH_SERVICE_CLASS, COMPUTER_CLASS])
    .where('agent_id', 'is not', null)
    .where('deleted_at', 'is', null)
    .execute();
  const byAgent = new Map<string, typeof objects>();
  for (const o of objects) byAgent.set(o.agent_id!, [...(byAgent.get(o.agent_id!) ?? []), o]);
  return agents.map((a) => {
    const own = byAgent.get(a.id) ?? [];
    const hs = own.find((o) => o.class_id === HEALTH_SERVICE_CLASS);
    const computer = own.find((o) => o.class_id === COMPUTER_CLASS);
    return {
      agent: {
        agentId: a.id,
        hostName: a.host_name,
        gatewayId: a.gateway_id,
        lastHeartbeatAtMs: a.last_heartbeat_at === null ? null : Number(a.last_heartbeat_at),
        heartbeatIntervalSeconds: Number(a.heartbeat_interval_seconds),
        inMaintenance: own.some((o) => Number(o.in_maintenance) === 1),
        healthServiceKey: hs?.object_key ?? a.name,
        computerKey: computer?.object_key ?? a.host_name,
      },
      healthServiceObjectId: hs?.id ?? null,
      computerObjectId: computer?.id ?? null,
    };
  });
}
