import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RESOLUTION_STATES,
  alertsToAutoResolve,
  autoResolveAlerts,
  changeResolutionState,
  createAlert,
  isValidResolutionState,
  isVigilError,
  onMonitorStateChange,
  raiseRuleAlert,
  resolutionStateName,
  suppressionKey,
  type Alert,
  type AlertId,
  type HealthState,
  type MonitorAlertSettings,
} from '@vigil/core';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
let seq = 0;
const alertId = (): AlertId => `00000000-0000-7000-8000-${String(++seq).padStart(12, '0')}` as AlertId;

const settings: MonitorAlertSettings = { name: 'CPU high', priority: 'medium', alertOn: 'warning' };
const monitorAlert = (atMs = T0): Alert =>
  createAlert({ id: alertId(), name: 'CPU high', source: { kind: 'monitor', monitorId: 'cpu', objectId: 'web01' }, severity: 'critical', priority: 'high', atMs });
const ruleAlert = (atMs = T0): Alert =>
  createAlert({ id: alertId(), name: 'Event 7031', source: { kind: 'rule', ruleId: 'svc-crash', objectId: 'web01', suppressionKey: 'k' }, severity: 'warning', priority: 'low', atMs });

test('resolution states: built-in names, custom 1..246, reserved 251..253 rejected', () => {
  const table: [number, boolean, string][] = [
    [0, true, 'New'], [1, true, 'Custom 1'], [246, true, 'Custom 246'], [247, true, 'Awaiting Evidence'], [248, true, 'Assigned to Engineering'],
    [249, true, 'Acknowledged'], [250, true, 'Scheduled'], [251, false, ''], [253, false, ''], [254, true, 'Resolved'], [255, true, 'Closed'],
    [256, false, ''], [-1, false, ''], [1.5, false, ''],
  ];
  for (const [state, valid, name] of table) {
    assert.equal(isValidResolutionState(state), valid, String(state));
    if (valid) assert.equal(resolutionStateName(state), name);
  }
});

const userChanges: { name: string; alert: () => Alert; to: number; monitor: HealthState | undefined; error?: string }[] = [
  { name: 'acknowledge an unhealthy monitor alert', alert: monitorAlert, to: 249, monitor: 'critical' },
  { name: 'close a monitor alert while monitor critical', alert: monitorAlert, to: 255, monitor: 'critical', error: 'ALERT_SOURCE_UNHEALTHY' },
  { name: 'resolve a monitor alert while monitor warning', alert: monitorAlert, to: 254, monitor: 'warning', error: 'ALERT_SOURCE_UNHEALTHY' },
  { name: 'close a monitor alert when monitor healthy', alert: monitorAlert, to: 255, monitor: 'healthy' },
  { name: 'close a monitor alert whose monitor is gone', alert: monitorAlert, to: 255, monitor: undefined },
  { name: 'close a rule alert any time', alert: ruleAlert, to: 255, monitor: 'critical' },
  { name: 'custom state 17', alert: ruleAlert, to: 17, monitor: undefined },
  { name: 'reserved state 252', alert: ruleAlert, to: 252, monitor: undefined, error: 'ALERT_RESOLUTION_STATE_INVALID' },
];

for (const c of userChanges) {
  test(`user transition: ${c.name}`, () => {
    const alert = c.alert();
    const change = { to: c.to, by: 'alice', atMs: T0 + 1000, comment: 'looking' };
    if (c.error) {
      assert.throws(() => changeResolutionState(alert, change, c.monitor), (e) => isVigilError(e, c.error as 'ALERT_CLOSED'));
      return;
    }
    const next = changeResolutionState(alert, change, c.monitor);
    assert.equal(next.resolutionState, c.to);
    assert.equal(next.lastModifiedMs, T0 + 1000);
    assert.deepEqual(next.history.at(-1), { kind: 'resolution-state', atMs: T0 + 1000, by: 'alice', from: 0, to: c.to, comment: 'looking' });
    assert.equal(alert.resolutionState, 0, 'the input alert is not mutated');
    assert.equal(next.resolvedBy, c.to >= 254 ? 'alice' : undefined);
  });
}

test('the unhealthy-monitor error tells the user what to do', () => {
  assert.throws(
    () => changeResolutionState(monitorAlert(), { to: 255, by: 'alice', atMs: T0 }, 'critical'),
    /comes from monitor cpu, which is still critical\. It closes by itself when the monitor is healthy/,
  );
});

test('closed alerts are final; reopening a resolved alert clears the resolution', () => {
  const closed = changeResolutionState(ruleAlert(), { to: 255, by: 'alice', atMs: T0 }, undefined);
  assert.throws(() => changeResolutionState(closed, { to: 0, by: 'bob', atMs: T0 }, undefined), (e) => isVigilError(e, 'ALERT_CLOSED'));
  const resolved = changeResolutionState(ruleAlert(), { to: 254, by: 'alice', atMs: T0 }, undefined);
  const reopened = changeResolutionState(resolved, { to: 0, by: 'bob', atMs: T0 + 5 }, undefined);
  assert.equal(reopened.resolvedAtMs, undefined);
  assert.deepEqual(reopened.history.map((h) => h.kind), ['raised', 'resolution-state', 'resolution-state']);
  assert.equal(changeResolutionState(reopened, { to: 0, by: 'bob', atMs: T0 + 9 }, undefined), reopened, 'same state: no change, no entry');
});

test('monitor alert lifecycle: raise, follow severity, ignore unknown, auto-resolve on healthy', () => {
  const base = { monitorId: 'cpu', objectId: 'web01', newAlertId: alertId() };
  assert.deepEqual(onMonitorStateChange(undefined, { ...base, state: 'healthy', atMs: T0 }, settings), { kind: 'none' });
  const raised = onMonitorStateChange(undefined, { ...base, state: 'warning', atMs: T0 }, settings);
  assert.equal(raised.kind, 'raised');
  if (raised.kind !== 'raised') return;
  assert.equal(raised.alert.severity, 'warning');
  assert.equal(raised.alert.resolutionState, RESOLUTION_STATES.new);
  const worse = onMonitorStateChange(raised.alert, { ...base, state: 'critical', atMs: T0 + 60_000 }, settings);
  assert.equal(worse.kind, 'severity-changed');
  if (worse.kind !== 'severity-changed') return;
  assert.deepEqual(worse.alert.history.at(-1), { kind: 'severity', atMs: T0 + 60_000, by: 'system', from: 'warning', to: 'critical' });
  assert.deepEqual(onMonitorStateChange(worse.alert, { ...base, state: 'unknown', atMs: T0 + 120_000 }, settings), { kind: 'none' });
  const healthy = onMonitorStateChange(worse.alert, { ...base, state: 'healthy', atMs: T0 + 180_000 }, settings);
  assert.equal(healthy.kind, 'auto-resolved');
  if (healthy.kind !== 'auto-resolved') return;
  assert.equal(healthy.alert.resolutionState, RESOLUTION_STATES.closed);
  assert.deepEqual(healthy.alert.history.at(-1), { kind: 'resolution-state', atMs: T0 + 180_000, by: 'system', from: 0, to: 255, comment: 'Monitor returned to healthy.' });
});

test('a monitor alerting on critical only does not raise on warning', () => {
  const outcome = onMonitorStateChange(undefined, { monitorId: 'cpu', objectId: 'web01', newAlertId: alertId(), state: 'warning', atMs: T0 }, { ...settings, alertOn: 'critical' });
  assert.deepEqual(outcome, { kind: 'none' });
});

test('rule alerts dedupe by suppression key and count repeats in one history entry', () => {
  const key = suppressionKey({ eventId: '7031', source: 'SCM', message: 'varies' }, ['source', 'eventId']);
  assert.equal(key, suppressionKey({ source: 'SCM', eventId: '7031', message: 'other' }, ['eventId', 'source']));
  const raise = { ruleId: 'svc-crash', objectId: 'web01', suppressionKey: key, name: 'Service crashed', severity: 'warning' as const, priority: 'medium' as const };
  const first = raiseRuleAlert([], { ...raise, newAlertId: alertId(), atMs: T0 });
  assert.equal(first.kind, 'raised');
  let alerts = [first.alert];
  for (let i = 1; i <= 3; i++) {
    const next = raiseRuleAlert(alerts, { ...raise, newAlertId: alertId(), atMs: T0 + i * 1000 });
    assert.equal(next.kind, 'repeated');
    alerts = [next.alert];
  }
  const alert = alerts[0]!;
  assert.equal(alert.id, first.alert.id);
  assert.equal(alert.repeatCount, 3);
  assert.equal(alert.lastRaisedMs, T0 + 3000);
  assert.deepEqual(alert.history.at(-1), { kind: 'repeat', atMs: T0 + 3000, by: 'system', from: 0, to: 3 });
  assert.equal(alert.history.length, 2);
  const otherObject = raiseRuleAlert(alerts, { ...raise, objectId: 'web02', newAlertId: alertId(), atMs: T0 });
  assert.equal(otherObject.kind, 'raised');
  const closed = changeResolutionState(alert, { to: 255, by: 'alice', atMs: T0 + 4000 }, undefined);
  assert.equal(raiseRuleAlert([closed], { ...raise, newAlertId: alertId(), atMs: T0 + 5000 }).kind, 'raised', 'closed alerts do not absorb repeats');
});

test('New alerts auto-resolve after 30 days of no change; unhealthy monitors keep theirs', () => {
  const old = ruleAlert(T0);
  const young = ruleAlert(T0 + 10 * DAY);
  const acknowledged = changeResolutionState(ruleAlert(T0), { to: 249, by: 'alice', atMs: T0 }, undefined);
  const monitorRed = monitorAlert(T0);
  const monitorGreen = monitorAlert(T0);
  const states = new Map<Alert, HealthState>([[monitorRed, 'critical'], [monitorGreen, 'healthy']]);
  const lookup = (a: Alert): HealthState | undefined => states.get(a);
  const at = T0 + 30 * DAY;
  assert.deepEqual(alertsToAutoResolve([old, young, acknowledged, monitorRed, monitorGreen], at, undefined, lookup), [old, monitorGreen]);
  assert.deepEqual(alertsToAutoResolve([old], at - 1), []);
  assert.deepEqual(alertsToAutoResolve([young], T0 + 12 * DAY, { newAlertMaxAgeMs: 2 * DAY }), [young]);
  const [resolved] = autoResolveAlerts([old], at);
  assert.equal(resolved!.resolutionState, 255);
  assert.deepEqual(resolved!.history.at(-1), { kind: 'resolution-state', atMs: at, by: 'system', from: 0, to: 255, comment: 'Auto-resolved after 30 days in New.' });
});
