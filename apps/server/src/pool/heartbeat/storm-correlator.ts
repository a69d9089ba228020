// Correlates heartbeat failures: when many agents behind one gateway (or in one /24 subnet, or
// all directly connected agents named by host name) stop at once, one correlated rule alert is
// raised for the segment in addition to the per-agent alerts. Pure.
//
// Rule: within one watch window (failure moment = lastHeartbeat + 4 × interval, in
// (now − windowMs, now]), at least `minAgents` (5) agents failed, or at least `minShare` (50 %)
// of the segment's agents and at least 2. Agents in maintenance are left out.
import { MISSED_HEARTBEATS_FOR_CRITICAL, type WatchedAgent } from './heartbeat-decision.ts';

export interface StormRule {
  readonly windowMs: number;
  readonly minAgents: number;
  readonly minShare: number;
}

export const DEFAULT_STORM_RULE: Omit<StormRule, 'windowMs'> = { minAgents: 5, minShare: 0.5 };

export interface Storm {
  readonly segment: string;
  readonly failedAgentIds: readonly string[];
  readonly segmentSize: number;
}

/** The network segment an agent is correlated by. */
export function segmentOf(agent: Pick<WatchedAgent, 'gatewayId' | 'hostName'>): string {
  if (agent.gatewayId) return `gateway:${agent.gatewayId}`;
  const ipv4 = /^(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(agent.hostName);
  return ipv4 ? `subnet:${ipv4[1]}.${ipv4[2]}.${ipv4[3]}.0/24` : 'direct';
}

export function failureMomentMs(agent: WatchedAgent): number | null {
  return agent.lastHeartbeatAtMs === null ? null : agent.lastHeartbeatAtMs + MISSED_HEARTBEATS_FOR_CRITICAL * agent.heartbeatIntervalSeconds * 1000;
}

export function findStorms(agents: readonly WatchedAgent[], nowMs: number, rule: StormRule): Storm[] {
  const segments = new Map<string, { size: number; failed: string[] }>();
  for (const agent of agents) {
    if (agent.inMaintenance) continue;
    const segment = segmentOf(agent);
    const entry = segments.get(segment) ?? { size: 0, failed: [] };
    entry.size++;
    const moment = failureMomentMs(agent);
    if (moment !== null && moment <= nowMs && moment > nowMs - rule.windowMs) entry.failed.push(agent.agentId);
    segments.set(segment, entry);
  }
  const storms: Storm[] = [];
  for (const [segment, { size, failed }] of segments) {
    const byCount = failed.length >= rule.minAgents;
    const byShare = failed.length >= 2 && failed.length / size >= rule.minShare;
    if (byCount || byShare) storms.push({ segment, failedAgentIds: failed.sort(), segmentSize: size });
  }
  return storms.sort((a, b) => a.segment.localeCompare(b.segment));
}
