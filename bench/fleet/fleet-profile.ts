// What each simulated agent sends. The default is the agents-per-MS profile from the issue:
// heartbeat every 60 s, 20 performance counters every 60 s, nothing else. Rates of state
// changes, events and alerts are per agent per hour, spread at random (Poisson arrivals).

export interface FleetProfile {
  /** Heartbeat period; default: what the management server says in `welcome` (60 s). */
  readonly heartbeatIntervalSeconds?: number;
  readonly perfCounters: number;
  readonly perfIntervalSeconds: number;
  readonly stateChangesPerHour: number;
  readonly eventsPerHour: number;
  /** Rule alerts (alert items) per agent per hour. */
  readonly alertsPerHour: number;
  /**
   * Ingest flood instead of the timed profile: each agent keeps `windowBatches` batches of
   * `batchItems` perf values in flight, sending the next as soon as one is acked.
   */
  readonly flood?: { readonly batchItems: number; readonly windowBatches: number };
}

export const DEFAULT_PROFILE: FleetProfile = {
  perfCounters: 20,
  perfIntervalSeconds: 60,
  stateChangesPerHour: 0,
  eventsPerHour: 0,
  alertsPerHour: 0,
};

/** Monitor whose state changes agents report; it raises no alert (no alert rule knows it). */
export const BENCH_MONITOR_ID = 'Vigil.Bench.Threshold';
/** A built-in monitor that raises an alert on warning and resolves it on healthy. */
export const ALERTING_MONITOR_ID = 'Vigil.Core.HealthService.SendQueue';

export function computerObjectKey(hostName: string): string {
  return `Vigil.Core.Computer:${hostName.toLowerCase()}`;
}

export function healthServiceObjectKey(agentName: string): string {
  return `Vigil.Core.HealthService:${agentName}`;
}
