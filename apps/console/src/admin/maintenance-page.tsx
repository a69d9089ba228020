// Maintenance: start it on a computer (or any object) now, end a window early, see the active
// windows, and manage recurring schedules (GET/POST /maintenance, /maintenance/stop,
// /maintenance/schedules).
import { useState } from 'react';
import type { MaintenanceRecurrenceBody, MaintenanceScheduleBody, MaintenanceScheduleInputBody, MaintenanceWindowView, MonitoringObjectView } from '@vigil/protocol';
import { COMPUTER_CLASS_ID } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { Button } from '../design/button.tsx';
import { Dialog } from '../design/dialog.tsx';
import { Empty, ErrorBanner, Panel } from '../design/panel.tsx';
import { HealthIcon, Pill } from '../design/health.tsx';
import { ObjectPicker } from '../design/object-picker.tsx';
import { useToast } from '../design/toast.tsx';
import { formatAge, formatTime } from '../design/format.ts';
import { MaintenanceDialog } from '../monitoring/maintenance-dialog.tsx';
import { ReasonOptions, choiceKey, parseChoiceKey, useMaintenanceReasons } from '../monitoring/maintenance-reasons.tsx';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export function MaintenancePage() {
  const { api, cannot } = useSession();
  const reasons = useMaintenanceReasons();
  const toast = useToast();
  const [target, setTarget] = useState<MonitoringObjectView | undefined>(undefined);
  const [dialog, setDialog] = useState<'start' | 'schedule' | undefined>(undefined);
  const active = useAsync(() => api.maintenance.list(), [api]);
  const schedules = useAsync(() => api.maintenance.schedules(), [api]);
  const objectNames = useAsync(async () => {
    const ids = [...new Set((schedules.data ?? []).map((s) => s.objectId))];
    const names = new Map<string, string>();
    await Promise.all(ids.map((id) => api.objects.get(id).then((o) => names.set(id, o.displayName), () => undefined)));
    return names;
  }, [api, schedules.data]);

  const stop = async (w: MaintenanceWindowView): Promise<void> => {
    const name = w.objectDisplayName ?? w.objectId;
    try {
      await api.maintenance.stop({ windowId: w.id });
      toast.show('success', `Maintenance ended for ${name}.`);
      active.reload();
    } catch (error) {
      toast.failure(error, `end maintenance for ${name}`);
    }
  };
  const toggle = async (s: MaintenanceScheduleBody): Promise<void> => {
    try {
      await api.maintenance.updateSchedule(s.id, { ...scheduleInput(s), enabled: !s.enabled });
      toast.show('success', `Schedule ${s.name} ${s.enabled ? 'disabled' : 'enabled'}.`);
      schedules.reload();
    } catch (error) {
      toast.failure(error, `change schedule ${s.name}`);
    }
  };
  const remove = async (s: MaintenanceScheduleBody): Promise<void> => {
    if (!window.confirm(`Delete the schedule “${s.name}”? A window it started runs to its end.`)) return;
    try {
      await api.maintenance.deleteSchedule(s.id);
      toast.show('success', `Schedule ${s.name} deleted.`);
      schedules.reload();
    } catch (error) {
      toast.failure(error, `delete schedule ${s.name}`);
    }
  };
  const windows = active.data ?? [];
  const scheduleRows = schedules.data ?? [];

  return (
    <div className="page-body" data-testid="maintenance-page">
      <Panel title="Start maintenance">
        <div className="toolbar" style={{ alignItems: 'flex-end' }}>
          <ObjectPicker value={target} onChange={setTarget} classId={COMPUTER_CLASS_ID} label="Computer" placeholder="Type a computer name…" />
          {target ? <span className="health"><HealthIcon state={target.displayState} /> {target.displayName}</span> : null}
          <Button variant="primary" testId="maintenance-page-start" disabledReason={cannot('maintenance:manage') ?? (target ? undefined : 'Pick a computer first.')} onClick={() => setDialog('start')}>Start maintenance…</Button>
        </div>
      </Panel>
      <Panel title={`In maintenance now (${windows.length})`} actions={<Button size="small" onClick={active.reload}>Refresh</Button>}>
        <ErrorBanner error={active.error} onRetry={active.reload} />
        {windows.length === 0 ? <Empty>{active.loading ? 'Loading…' : 'Nothing is in maintenance.'}</Empty> : (
          <table className="data" data-testid="maintenance-active">
            <thead><tr><th>Object</th><th>Reason</th><th>Comment</th><th>Started</th><th>Until</th><th>By</th><th /></tr></thead>
            <tbody>
              {windows.map((w) => (
                <tr key={w.id}>
                  <td><span className="health"><HealthIcon state="maintenance" /> {w.objectDisplayName ?? w.objectId}</span>{w.recursive ? <span className="muted"> + hosted</span> : null}{w.scheduleId ? <> <Pill tone="information">scheduled</Pill></> : null}</td>
                  <td>{reasons.label(w.reason, w.planned)}</td>
                  <td>{w.comment || <span className="muted">—</span>}</td>
                  <td title={formatTime(w.startsAtMs)}>{formatAge(w.startsAtMs)}</td>
                  <td>{formatTime(w.endsAtMs)}</td>
                  <td>{w.startedBy}</td>
                  <td><Button size="small" testId={`maintenance-end-${w.objectDisplayName ?? w.objectId}`} disabledReason={cannot('maintenance:manage')} onClick={() => void stop(w)}>End now</Button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Schedules" actions={<Button size="small" testId="schedule-new" disabledReason={cannot('maintenance:manage')} onClick={() => setDialog('schedule')}>New schedule…</Button>}>
        <ErrorBanner error={schedules.error} onRetry={schedules.reload} />
        {scheduleRows.length === 0 ? <Empty>{schedules.loading ? 'Loading…' : 'No maintenance schedules.'}</Empty> : (
          <table className="data" data-testid="maintenance-schedules">
            <thead><tr><th>Schedule</th><th>Object</th><th>When</th><th>Duration</th><th>Reason</th><th>Enabled</th><th /></tr></thead>
            <tbody>
              {scheduleRows.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>{objectNames.data?.get(s.objectId) ?? <code>{s.objectId}</code>}{s.recursive ? <span className="muted"> + hosted</span> : null}</td>
                  <td>{describeRecurrence(s.recurrence)} <span className="muted">({s.timeZone})</span></td>
                  <td>{formatDuration(s.durationMs)}</td>
                  <td>{reasons.label(s.reason, s.planned)}</td>
                  <td>{s.enabled ? <Pill tone="healthy">enabled</Pill> : <Pill tone="unknown">disabled</Pill>}</td>
                  <td>
                    <span className="toolbar">
                      <Button size="small" disabledReason={cannot('maintenance:manage')} onClick={() => void toggle(s)}>{s.enabled ? 'Disable' : 'Enable'}</Button>
                      <Button size="small" variant="danger" disabledReason={cannot('maintenance:manage')} onClick={() => void remove(s)}>Delete</Button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {dialog === 'start' && target ? (
        <MaintenanceDialog object={target} onClose={() => setDialog(undefined)}
          onDone={(started) => { setDialog(undefined); toast.show('success', `${target.displayName} is in maintenance (${started.coveredObjectIds.length} object${started.coveredObjectIds.length === 1 ? '' : 's'}).`); active.reload(); }} />
      ) : null}
      {dialog === 'schedule' ? <ScheduleDialog initialObject={target} onClose={() => setDialog(undefined)} onDone={(s) => { setDialog(undefined); toast.show('success', `Schedule ${s.name} created.`); schedules.reload(); active.reload(); }} /> : null}
    </div>
  );
}

/** The input a schedule was created from (to replace it with one field changed). */
function scheduleInput(s: MaintenanceScheduleBody): MaintenanceScheduleInputBody {
  return { name: s.name, objectId: s.objectId, recursive: s.recursive, timeZone: s.timeZone, recurrence: s.recurrence, durationMs: s.durationMs, reason: s.reason, planned: s.planned, comment: s.comment, enabled: s.enabled };
}

function describeRecurrence(r: MaintenanceRecurrenceBody): string {
  if (r.kind === 'once') return `Once on ${r.date} at ${r.time}`;
  const span = `, from ${r.fromDate}${r.untilDate ? ` until ${r.untilDate}` : ''}`;
  switch (r.kind) {
    case 'daily': return `Daily at ${r.time}${span}`;
    case 'weekly': return `Weekly on ${r.daysOfWeek.join(', ')} at ${r.time}${span}`;
    case 'monthly': return `Monthly on day ${String(r.dayOfMonth)} at ${r.time}${span}`;
  }
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

function todayLocal(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function ScheduleDialog({ initialObject, onClose, onDone }: { readonly initialObject: MonitoringObjectView | undefined; readonly onClose: () => void; readonly onDone: (s: MaintenanceScheduleBody) => void }) {
  const { api } = useSession();
  const reasons = useMaintenanceReasons();
  const [name, setName] = useState('');
  const [object, setObject] = useState<MonitoringObjectView | undefined>(initialObject);
  const [kind, setKind] = useState<'once' | 'daily' | 'weekly' | 'monthly'>('weekly');
  const [date, setDate] = useState(todayLocal());
  const [time, setTime] = useState('02:00');
  const [days, setDays] = useState<ReadonlySet<string>>(new Set(['sunday']));
  const [dayOfMonth, setDayOfMonth] = useState('1');
  const [minutes, setMinutes] = useState(120);
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [choice, setChoice] = useState(choiceKey({ reason: 'other', planned: true }));
  const [recursive, setRecursive] = useState(true);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    if (!object) { setError(new Error('Pick the object the schedule puts into maintenance.')); return; }
    const picked = parseChoiceKey(choice);
    const recurrence: MaintenanceRecurrenceBody = kind === 'once' ? { kind, date, time }
      : kind === 'daily' ? { kind, time, fromDate: date }
      : kind === 'weekly' ? { kind, time, fromDate: date, daysOfWeek: WEEKDAYS.filter((d) => days.has(d)) }
      : { kind, time, fromDate: date, dayOfMonth: dayOfMonth === 'last' ? 'last' : Number(dayOfMonth) };
    setBusy(true);
    try {
      onDone(await api.maintenance.createSchedule({
        name, objectId: object.id, recursive, timeZone, recurrence, durationMs: minutes * 60_000, reason: picked.reason, planned: picked.planned, ...(comment ? { comment } : {}),
      }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title="New maintenance schedule" onClose={onClose} onSubmit={() => void submit()}
      footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary" busy={busy} testId="schedule-create">Create schedule</Button></>}>
      <label className="field"><span>Name</span><input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Sunday patching" data-testid="schedule-name" /></label>
      <ObjectPicker value={object} onChange={setObject} label={object ? `Object: ${object.displayName}` : 'Object'} placeholder="Type a computer or object name…" />
      <div className="form-grid" style={{ gridTemplateColumns: 'repeat(3, minmax(0, 1fr))' }}>
        <label className="field"><span>Repeats</span>
          <select className="input" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="once">Once</option><option value="daily">Daily</option><option value="weekly">Weekly</option><option value="monthly">Monthly</option>
          </select>
        </label>
        <label className="field"><span>{kind === 'once' ? 'Date' : 'Starting'}</span><input className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} /></label>
        <label className="field"><span>Time</span><input className="input" type="time" value={time} onChange={(e) => setTime(e.target.value)} /></label>
      </div>
      {kind === 'weekly' ? (
        <div className="toolbar" role="group" aria-label="Days of the week">
          {WEEKDAYS.map((d) => (
            <button type="button" key={d} className="chip" aria-pressed={days.has(d)} onClick={() => { const next = new Set(days); if (next.has(d)) next.delete(d); else next.add(d); setDays(next); }}>{d.slice(0, 3)}</button>
          ))}
        </div>
      ) : null}
      {kind === 'monthly' ? (
        <label className="field"><span>Day of the month</span>
          <select className="input" value={dayOfMonth} onChange={(e) => setDayOfMonth(e.target.value)}>
            {Array.from({ length: 31 }, (_, i) => String(i + 1)).map((d) => <option key={d} value={d}>{d}</option>)}<option value="last">Last day</option>
          </select>
        </label>
      ) : null}
      <div className="form-grid" style={{ gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' }}>
        <label className="field"><span>Duration (minutes, 5 or more)</span><input className="input" type="number" min={5} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} /></label>
        <label className="field"><span>Time zone</span><input className="input" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} /></label>
      </div>
      <label className="field"><span>Reason</span>
        <select className="input" value={choice} onChange={(e) => setChoice(e.target.value)}><ReasonOptions reasons={reasons} selected={choice} /></select>
      </label>
      <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}><input type="checkbox" checked={recursive} onChange={(e) => setRecursive(e.target.checked)} /> Include everything this object hosts</label>
      <label className="field"><span>Comment</span><input className="input" value={comment} onChange={(e) => setComment(e.target.value)} /></label>
      <ErrorBanner error={error ?? reasons.error} />
    </Dialog>
  );
}
