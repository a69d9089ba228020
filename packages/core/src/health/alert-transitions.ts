// Pure alert transitions. Each returns a new Alert (never mutates) with one history entry per
// change, or throws a VigilError from the catalogue for a change that is not allowed.
import { VigilError } from '../errors/vigil-error.ts';
import type { AlertId } from '../ids/ids.ts';
import {
  type Alert,
  type AlertPriority,
  type AlertSeverity,
  type ResolutionState,
  RESOLUTION_STATES,
  SYSTEM_ACTOR,
  createAlert,
  isValidResolutionState,
} from './alert-model.ts';
import type { HealthState, UnhealthyState } from './health-state.ts';

export interface ResolutionChange {
  readonly to: ResolutionState;
  readonly by: string;
  readonly atMs: number;
  readonly comment?: string;
}

/**
 * A user (or automation acting as one) moves an alert to another resolution state.
 * `monitorState` is the current state of a monitor alert's monitor (undefined when the monitor
 * no longer exists); it is ignored for rule alerts. Moving to the same state changes nothing.
 * Throws ALERT_RESOLUTION_STATE_INVALID, ALERT_CLOSED, or ALERT_SOURCE_UNHEALTHY when a monitor
 * alert would be resolved/closed while its monitor is warning or critical: the monitor would
 * still be red with no alert explaining it.
 */
export function changeResolutionState(alert: Alert, change: ResolutionChange, monitorState: HealthState | undefined): Alert {
  if (!isValidResolutionState(change.to)) throw new VigilError('ALERT_RESOLUTION_STATE_INVALID', { state: change.to });
  if (alert.resolutionState === RESOLUTION_STATES.closed) throw new VigilError('ALERT_CLOSED', { alertId: alert.id });
  const resolving = change.to === RESOLUTION_STATES.resolved || change.to === RESOLUTION_STATES.closed;
  if (resolving && alert.source.kind === 'monitor' && (monitorState === 'warning' || monitorState === 'critical')) {
    throw new VigilError('ALERT_SOURCE_UNHEALTHY', { alertId: alert.id, monitorId: alert.source.monitorId, state: monitorState });
  }
  if (change.to === alert.resolutionState) return alert;
  return withResolutionState(alert, change);
}

function withResolutionState(alert: Alert, change: ResolutionChange): Alert {
  const resolving = change.to === RESOLUTION_STATES.resolved || change.to === RESOLUTION_STATES.closed;
  const { resolvedAtMs: _at, resolvedBy: _by, ...rest } = alert;
  return {
    ...rest,
    ...(resolving ? { resolvedAtMs: change.atMs, resolvedBy: change.by } : {}),
    resolutionState: change.to,
    lastModifiedMs: change.atMs,
    history: [
      ...alert.history,
      {
        kind: 'resolution-state',
        atMs: change.atMs,
        by: change.by,
        from: alert.resolutionState,
        to: change.to,
        ...(change.comment !== undefined ? { comment: change.comment } : {}),
      },
    ],
  };
}

export interface MonitorAlertSettings {
  readonly name: string;
  readonly description?: string;
  readonly priority: AlertPriority;
  /** The least severe state that raises an alert: 'warning' alerts on warning and critical. */
  readonly alertOn: UnhealthyState;
}

export interface MonitorStateChange {
  readonly monitorId: string;
  readonly objectId: string;
  readonly state: HealthState;
  readonly atMs: number;
  /** Used only when a new alert is raised. */
  readonly newAlertId: AlertId;
}

export type MonitorAlertOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'raised'; readonly alert: Alert }
  | { readonly kind: 'severity-changed'; readonly alert: Alert }
  | { readonly kind: 'auto-resolved'; readonly alert: Alert };

/** SCOM closes a monitor's alert when the monitor returns to healthy; so does Vigil. */
export const MONITOR_AUTO_RESOLVE_STATE: ResolutionState = RESOLUTION_STATES.closed;

/**
 * What a monitor's state change does to its alert (`openAlert`: the monitor's open alert on
 * this object, if any). Healthy closes it; an alerting state raises one or follows the severity;
 * unknown and below-alertOn states leave it as it is (no data is not recovery).
 */
export function onMonitorStateChange(
  openAlert: Alert | undefined,
  change: MonitorStateChange,
  settings: MonitorAlertSettings,
): MonitorAlertOutcome {
  if (change.state === 'healthy') {
    if (!openAlert) return { kind: 'none' };
    const alert = withResolutionState(openAlert, {
      to: MONITOR_AUTO_RESOLVE_STATE,
      by: SYSTEM_ACTOR,
      atMs: change.atMs,
      comment: 'Monitor returned to healthy.',
    });
    return { kind: 'auto-resolved', alert };
  }
  if (change.state === 'unknown' || (settings.alertOn === 'critical' && change.state === 'warning')) return { kind: 'none' };
  const severity: AlertSeverity = change.state;
  if (!openAlert) {
    const source = { kind: 'monitor', monitorId: change.monitorId, objectId: change.objectId } as const;
    const alert = createAlert({ ...settings, id: change.newAlertId, source, severity, atMs: change.atMs });
    return { kind: 'raised', alert };
  }
  if (openAlert.severity === severity) return { kind: 'none' };
  const entry = { kind: 'severity', atMs: change.atMs, by: SYSTEM_ACTOR, from: openAlert.severity, to: severity } as const;
  return {
    kind: 'severity-changed',
    alert: { ...openAlert, severity, lastModifiedMs: change.atMs, history: [...openAlert.history, entry] },
  };
}

