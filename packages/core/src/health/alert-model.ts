// Alerts as SCOM has them: severity, priority, a resolution state (0 New ... 255 Closed, with
// custom states 1..246), a repeat count for rule alerts and a history of every change.
import type { AlertId } from '../ids/ids.ts';

export const RESOLUTION_STATES = {
  new: 0,
  awaitingEvidence: 247,
  assignedToEngineering: 248,
  acknowledged: 249,
  scheduled: 250,
  resolved: 254,
  closed: 255,
} as const;

/** 0, 1..246 (custom), 247..250 and 254..255; 251..253 are reserved (as in SCOM). */
export type ResolutionState = number;

const RESOLUTION_STATE_NAMES: Readonly<Record<number, string>> = {
  0: 'New',
  247: 'Awaiting Evidence',
  248: 'Assigned to Engineering',
  249: 'Acknowledged',
  250: 'Scheduled',
  254: 'Resolved',
  255: 'Closed',
};

export function isValidResolutionState(state: number): boolean {
  return Number.isInteger(state) && state >= 0 && state <= 255 && !(state >= 251 && state <= 253);
}

export function resolutionStateName(state: ResolutionState): string {
  return RESOLUTION_STATE_NAMES[state] ?? `Custom ${state}`;
}

/** Open = neither Resolved (254) nor Closed (255); only open alerts dedupe and auto-resolve. */
export function isOpenAlert(alert: Pick<Alert, 'resolutionState'>): boolean {
  return alert.resolutionState !== RESOLUTION_STATES.resolved && alert.resolutionState !== RESOLUTION_STATES.closed;
}

export type AlertSeverity = 'critical' | 'warning' | 'information';
export type AlertPriority = 'high' | 'medium' | 'low';

export type AlertSource =
  | { readonly kind: 'monitor'; readonly monitorId: string; readonly objectId: string }
  /** Rule alerts with equal rule, object and suppression key are one alert with a repeat count. */
  | { readonly kind: 'rule'; readonly ruleId: string; readonly objectId: string; readonly suppressionKey: string };

/** Who made a change: a user name, or SYSTEM_ACTOR for automatic changes. */
export const SYSTEM_ACTOR = 'system';

interface HistoryBase {
  readonly atMs: number;
  readonly by: string;
  readonly comment?: string;
}

export type AlertHistoryEntry =
  | (HistoryBase & { readonly kind: 'raised'; readonly to: ResolutionState })
  | (HistoryBase & { readonly kind: 'resolution-state'; readonly from: ResolutionState; readonly to: ResolutionState })
  | (HistoryBase & { readonly kind: 'severity'; readonly from: AlertSeverity; readonly to: AlertSeverity })
  /** Consecutive repeats share one entry (from = count before the first, to = latest count). */
  | (HistoryBase & { readonly kind: 'repeat'; readonly from: number; readonly to: number })
  /** Operator bookkeeping: who owns the alert, and its ticket in another system (null = none). */
  | (HistoryBase & { readonly kind: 'owner' | 'ticket'; readonly from: string | null; readonly to: string | null });

export interface Alert {
  readonly id: AlertId;
  readonly name: string;
  readonly description: string;
  readonly source: AlertSource;
  readonly severity: AlertSeverity;
  readonly priority: AlertPriority;
  readonly resolutionState: ResolutionState;
  readonly raisedAtMs: number;
  /** Last time a rule alert was raised again (equals raisedAtMs until a repeat). */
  readonly lastRaisedMs: number;
  readonly lastModifiedMs: number;
  /** 0 for the first occurrence; +1 per deduplicated repeat. */
  readonly repeatCount: number;
  readonly resolvedAtMs?: number;
  readonly resolvedBy?: string;
  readonly history: readonly AlertHistoryEntry[];
}

export interface NewAlert {
  readonly id: AlertId;
  readonly name: string;
  readonly description?: string;
  readonly source: AlertSource;
  readonly severity: AlertSeverity;
  readonly priority: AlertPriority;
  readonly atMs: number;
}

/** A fresh alert in New (0), its history starting with the 'raised' entry. */
export function createAlert(input: NewAlert): Alert {
  return {
    id: input.id,
    name: input.name,
    description: input.description ?? '',
    source: input.source,
    severity: input.severity,
    priority: input.priority,
    resolutionState: RESOLUTION_STATES.new,
    raisedAtMs: input.atMs,
    lastRaisedMs: input.atMs,
    lastModifiedMs: input.atMs,
    repeatCount: 0,
    history: [{ kind: 'raised', atMs: input.atMs, by: SYSTEM_ACTOR, to: RESOLUTION_STATES.new }],
  };
}
