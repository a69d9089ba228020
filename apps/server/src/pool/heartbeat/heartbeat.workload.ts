// Heartbeat watching as pool work in the All Management Servers pool: key "agent:<id>" per
// approved agent (its owner judges its heartbeats) and "storm:<segment>" per network segment (its
// owner raises the correlated storm alert). Every watchIntervalMs the owner reads the agents,
// decides (heartbeat-decision.ts, storm-correlator.ts), runs reachability checks and writes
// state-change and alert items under its fence. A new owner continues from the monitor states in
// the database, so a hand-over raises nothing twice.
import type { Clock, HealthState, Logger } from '@vigil/core';
import type { Item } from '@vigil/protocol';
import { ALL_MANAGEMENT_SERVERS_POOL, type Database, type PoolFence } from '@vigil/store';
import type { PoolItemWriter } from '../pool-item-writer.ts';
import { listWatchedAgents, type AgentObjects } from '../pool-objects.query.ts';
import type { PoolRef, PoolWorkload } from '../pool-workload.ts';
import { HEARTBEAT_MONITOR_ID, NOT_REACHABLE_MONITOR_ID, decideHeartbeat, type AgentWatchState } from './heartbeat-decision.ts';
import type { ReachabilityCheck } from './reachability-check.ts';
import { DEFAULT_STORM_RULE, findStorms, segmentOf, type Storm, type StormRule } from './storm-correlator.ts';

export const STORM_RULE_ID = 'Vigil.Core.HeartbeatStorm';

export interface HeartbeatWorkloadDeps {
  readonly db: Database;
  readonly writer: PoolItemWriter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly reachability: ReachabilityCheck;
  readonly watchIntervalMs: number;
  readonly storm?: Partial<Omit<StormRule, 'windowMs'>>;
}

export function createHeartbeatWorkload(deps: HeartbeatWorkloadDeps): PoolWorkload {
  const rule: StormRule = { ...DEFAULT_STORM_RULE, ...deps.storm, windowMs: deps.watchIntervalMs };
  let fence: PoolFence | null = null;
  let owned: ReadonlySet<string> = new Set();
  let controller = new AbortController();
  const states = new Map<string, AgentWatchState>();
  const stormsRaised = new Set<string>();
  const closing = new AbortController();

  const pass = async (current: PoolFence, signal: AbortSignal): Promise<void> => {
    const agents = await listWatchedAgents(deps.db);
    const nowMs = deps.clock.nowMs();
    await loadStates(agents.filter((a) => owned.has(`agent:${a.agent.agentId}`) && !states.has(a.agent.agentId)));
    for (const entry of agents) {
      if (signal.aborted) return;
      if (!owned.has(`agent:${entry.agent.agentId}`)) continue;
      const items = await judgeAgent(entry, nowMs, signal);
      // Ownership may have moved during the reachability check: then the new owner reports.
      if (!owned.has(`agent:${entry.agent.agentId}`)) continue;
      if (items.length > 0 && !signal.aborted && (await deps.writer.write(items, current)) === 'fenced') return void controller.abort();
    }
    const storms = findStorms(agents.map((a) => a.agent), nowMs, rule);
    for (const segment of new Set(agents.map((a) => segmentOf(a.agent)))) {
      if (!owned.has(`storm:${segment}`) || signal.aborted) continue;
      const storm = storms.find((s) => s.segment === segment);
      if (!storm) {
        stormsRaised.delete(segment);
        continue;
      }
      if (stormsRaised.has(segment)) continue;
      if ((await deps.writer.write([stormAlert(storm, nowMs)], current)) === 'fenced') return void controller.abort();
      stormsRaised.add(segment);
    }
  };

  const judgeAgent = async (entry: AgentObjects, nowMs: number, signal: AbortSignal): Promise<Item[]> => {
    const { agent } = entry;
    const state = states.get(agent.agentId) ?? { heartbeat: 'unknown', reachability: 'unknown' };
    const step = decideHeartbeat(agent, state, nowMs);
    const items: Item[] = [];
    const change = (objectKey: string, monitorId: string, from: HealthState, to: HealthState, context: Record<string, string | number | boolean | null>): void => {
      if (from !== to) items.push({ kind: 'state-change', objectKey, monitorId, fromState: from, toState: to, timestampMs: nowMs, context });
    };
    let next = state;
    if (step.kind === 'recovered') {
      change(agent.healthServiceKey, HEARTBEAT_MONITOR_ID, state.heartbeat, 'healthy', { summary: 'heartbeats received again', missed: step.missed });
      if (state.reachability === 'critical') change(agent.computerKey, NOT_REACHABLE_MONITOR_ID, state.reachability, 'healthy', { summary: 'heartbeats received again' });
      next = { heartbeat: 'healthy', reachability: state.reachability === 'critical' ? 'healthy' : state.reachability };
    } else if (step.kind === 'heartbeat-failed' || step.kind === 'recheck-reachability') {
      if (step.kind === 'heartbeat-failed') {
        change(agent.healthServiceKey, HEARTBEAT_MONITOR_ID, state.heartbeat, 'critical', {
          summary: `${step.missed} heartbeat(s) missed`, missed: step.missed, lastHeartbeatAtMs: agent.lastHeartbeatAtMs, intervalSeconds: agent.heartbeatIntervalSeconds,
        });
      }
      const reach = await deps.reachability(agent.hostName, signal);
      if (!reach.reachable) change(agent.computerKey, NOT_REACHABLE_MONITOR_ID, state.reachability, 'critical', { summary: `${agent.hostName} is not reachable`, method: reach.method, detail: reach.message });
      next = { heartbeat: 'critical', reachability: reach.reachable ? state.reachability : 'critical' };
    }
    states.set(agent.agentId, next);
    return items;
  };

  const loadStates = async (entries: AgentObjects[]): Promise<void> => {
    const ids = entries.flatMap((e) => [e.healthServiceObjectId, e.computerObjectId]).filter((id): id is string => id !== null);
    const rows = ids.length === 0 ? [] : await deps.db.selectFrom('monitor_state').select(['object_id', 'monitor_id', 'state']).where('object_id', 'in', ids).execute();
    const stateOf = (objectId: string | null, monitorId: string): HealthState =>
      rows.find((r) => r.object_id === objectId && r.monitor_id === monitorId)?.state ?? 'unknown';
    for (const e of entries) {
      states.set(e.agent.agentId, { heartbeat: stateOf(e.healthServiceObjectId, HEARTBEAT_MONITOR_ID), reachability: stateOf(e.computerObjectId, NOT_REACHABLE_MONITOR_ID) });
    }
  };

  const loop = (async () => {
    while (!closing.signal.aborted) {
      const current = fence;
      if (current) {
        await pass(current, controller.signal).catch((err: unknown) => deps.logger.warn({ err }, 'heartbeat watch pass failed'));
      }
      await deps.clock.sleep(deps.watchIntervalMs, closing.signal).catch(() => {});
    }
  })();

  return {
    name: 'heartbeat',
    async listKeys(pool: PoolRef) {
      if (pool.name !== ALL_MANAGEMENT_SERVERS_POOL) return [];
      const agents = await listWatchedAgents(deps.db);
      return [...agents.map((a) => `agent:${a.agent.agentId}`), ...new Set(agents.map((a) => `storm:${segmentOf(a.agent)}`))];
    },
    assign(pool, assignment) {
      if (pool.name !== ALL_MANAGEMENT_SERVERS_POOL) return;
      if (assignment.fence?.epoch !== fence?.epoch || assignment.fence === null) {
        controller.abort(new Error('pool assignment changed'));
        controller = new AbortController();
        states.clear();
        stormsRaised.clear();
      }
      for (const id of [...states.keys()]) if (!assignment.keys.has(`agent:${id}`)) states.delete(id);
      fence = assignment.fence;
      owned = assignment.keys;
    },
    async close() {
      closing.abort();
      controller.abort();
      await loop;
    },
  };
}

function stormAlert(storm: Storm, nowMs: number): Item {
  return {
    kind: 'alert',
    objectKey: storm.segment,
    origin: { kind: 'rule', ruleId: STORM_RULE_ID },
    severity: 'critical',
    priority: 'high',
    name: `${storm.failedAgentIds.length} agents stopped sending heartbeats behind ${storm.segment}`,
    description:
      `${storm.failedAgentIds.length} of ${storm.segmentSize} agents in ${storm.segment} stopped sending heartbeats within one watch interval. ` +
      'A shared cause (gateway, switch, router, power) is likely; check it before the individual computers.',
    timestampMs: nowMs,
    suppressionKey: `heartbeat-storm:${storm.segment}`,
  };
}
