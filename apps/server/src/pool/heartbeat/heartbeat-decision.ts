// What the heartbeat watcher does about one agent on one pass. Pure.
//
//   missed = floor((now − lastHeartbeat) / interval). missed ≥ missedForCritical (4) → the
//   heartbeat monitor goes critical and a reachability check follows; a failed check turns the
//   computer-not-reachable monitor critical. When heartbeats return, both go back to healthy.
//   An agent never heard from is left alone (unmonitored, not failed). While the computer is in
//   maintenance nothing becomes unhealthy (recoveries are still reported).
import type { HealthState } from '@vigil/core';

export const HEARTBEAT_MONITOR_ID = 'Vigil.Core.HealthService.Heartbeat';
export const NOT_REACHABLE_MONITOR_ID = 'Vigil.Core.Computer.NotReachable';
export const MISSED_HEARTBEATS_FOR_CRITICAL = 4;

export interface WatchedAgent {
  readonly agentId: string;
  readonly hostName: string;
  readonly gatewayId: string | null;
  readonly lastHeartbeatAtMs: number | null;
  readonly heartbeatIntervalSeconds: number;
  readonly inMaintenance: boolean;
  readonly healthServiceKey: string;
  readonly computerKey: string;
}

export interface AgentWatchState {
  readonly heartbeat: HealthState;
  readonly reachability: HealthState;
}

export type HeartbeatStep =
  /** Nothing to do (healthy, never heard from, or unhealthy but in maintenance). */
  | { readonly kind: 'none'; readonly missed: number }
  /** Heartbeats stopped: heartbeat monitor → critical now; check reachability. */
  | { readonly kind: 'heartbeat-failed'; readonly missed: number }
  /** Still failed and the computer is not yet known unreachable: check again. */
  | { readonly kind: 'recheck-reachability'; readonly missed: number }
  /** Heartbeats returned: both monitors → healthy. */
  | { readonly kind: 'recovered'; readonly missed: number };

export function missedHeartbeats(agent: WatchedAgent, nowMs: number): number {
  if (agent.lastHeartbeatAtMs === null) return 0;
  return Math.max(0, Math.floor((nowMs - agent.lastHeartbeatAtMs) / (agent.heartbeatIntervalSeconds * 1000)));
}

export function isHeartbeatFailed(agent: WatchedAgent, nowMs: number): boolean {
  return agent.lastHeartbeatAtMs !== null && missedHeartbeats(agent, nowMs) >= MISSED_HEARTBEATS_FOR_CRITICAL;
}

export function decideHeartbeat(agent: WatchedAgent, state: AgentWatchState, nowMs: number): HeartbeatStep {
  const missed = missedHeartbeats(agent, nowMs);
  const failed = isHeartbeatFailed(agent, nowMs);
  const unhealthy = state.heartbeat === 'critical' || state.reachability === 'critical';
  if (!failed) return unhealthy && agent.lastHeartbeatAtMs !== null ? { kind: 'recovered', missed } : { kind: 'none', missed };
  if (agent.inMaintenance) return { kind: 'none', missed };
  if (state.heartbeat !== 'critical') return { kind: 'heartbeat-failed', missed };
  if (state.reachability !== 'critical') return { kind: 'recheck-reachability', missed };
  return { kind: 'none', missed };
}
