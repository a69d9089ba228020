// Health states as SCOM shows them. A monitor (or rollup) is healthy, warning, critical or
// unknown; unknown carries a reason. "Maintenance" is never a computed state: it is how an
// object is *displayed* while in maintenance mode, whatever its last computed state was.

export const HEALTH_STATES = ['healthy', 'warning', 'critical', 'unknown'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The states a monitor can compute from data; unknown is never the result of a threshold. */
export type KnownHealthState = Exclude<HealthState, 'unknown'>;
export type UnhealthyState = 'warning' | 'critical';

/**
 * Why a state is unknown: `unmonitored` (no monitor ran yet, or monitoring disabled),
 * `health-service-unavailable` (the agent or pool member that runs it stopped reporting),
 * `no-data` (a monitor ran but had nothing to judge, e.g. an empty rollup).
 */
export type UnknownReason = 'unmonitored' | 'health-service-unavailable' | 'no-data';

export type DisplayState = HealthState | 'maintenance';

/**
 * 2-state monitors are healthy or one unhealthy state; 3-state monitors add warning between.
 * Which one a monitor is follows from its configuration (see threshold levels).
 */
export type MonitorStateModel = 'two-state' | 'three-state';

const SEVERITY_RANK: Readonly<Record<KnownHealthState, number>> = { healthy: 0, warning: 1, critical: 2 };

/** Orders known states healthy < warning < critical. */
export function severityRank(state: KnownHealthState): number {
  return SEVERITY_RANK[state];
}

export function worseOf(a: KnownHealthState, b: KnownHealthState): KnownHealthState {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export function isHealthState(value: unknown): value is HealthState {
  return typeof value === 'string' && (HEALTH_STATES as readonly string[]).includes(value);
}

/** What a console shows: maintenance hides the computed state (SCOM's wrench icon). */
export function displayState(state: HealthState, inMaintenance: boolean): DisplayState {
  return inMaintenance ? 'maintenance' : state;
}
