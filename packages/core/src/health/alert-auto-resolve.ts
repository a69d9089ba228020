// Grooming of stale alerts: alerts left in New (0) auto-resolve after 30 days (SCOM's default),
// measured from their last modification, so a rule alert that keeps repeating stays open.
import { type Alert, RESOLUTION_STATES, SYSTEM_ACTOR } from './alert-model.ts';
import { MONITOR_AUTO_RESOLVE_STATE, changeResolutionState } from './alert-transitions.ts';
import type { HealthState } from './health-state.ts';

export const DEFAULT_NEW_ALERT_AUTO_RESOLVE_MS = 30 * 86_400_000;

export interface AutoResolvePolicy {
  readonly newAlertMaxAgeMs: number;
}

export const DEFAULT_AUTO_RESOLVE_POLICY: AutoResolvePolicy = { newAlertMaxAgeMs: DEFAULT_NEW_ALERT_AUTO_RESOLVE_MS };

/** The current state of a monitor alert's monitor; undefined when unknown to the caller. */
export type MonitorStateLookup = (alert: Alert) => HealthState | undefined;

/**
 * The alerts to auto-resolve at `atMs`: in New and unmodified for at least newAlertMaxAgeMs.
 * A monitor alert whose monitor is still warning or critical is kept: auto-resolution must not
 * break the rule that an unhealthy monitor has its alert.
 */
export function alertsToAutoResolve(
  alerts: readonly Alert[],
  atMs: number,
  policy: AutoResolvePolicy = DEFAULT_AUTO_RESOLVE_POLICY,
  monitorState: MonitorStateLookup = () => undefined,
): Alert[] {
  return alerts.filter((alert) => {
    if (alert.resolutionState !== RESOLUTION_STATES.new) return false;
    if (atMs - alert.lastModifiedMs < policy.newAlertMaxAgeMs) return false;
    const state = alert.source.kind === 'monitor' ? monitorState(alert) : undefined;
    return state !== 'warning' && state !== 'critical';
  });
}

/** Applies alertsToAutoResolve: each selected alert closed by the system with a history entry. */
export function autoResolveAlerts(
  alerts: readonly Alert[],
  atMs: number,
  policy: AutoResolvePolicy = DEFAULT_AUTO_RESOLVE_POLICY,
  monitorState: MonitorStateLookup = () => undefined,
): Alert[] {
  const days = Math.round(policy.newAlertMaxAgeMs / 86_400_000);
  return alertsToAutoResolve(alerts, atMs, policy, monitorState).map((alert) =>
    changeResolutionState(
      alert,
      { to: MONITOR_AUTO_RESOLVE_STATE, by: SYSTEM_ACTOR, atMs, comment: `Auto-resolved after ${days} days in New.` },
      monitorState(alert),
    ),
  );
}
