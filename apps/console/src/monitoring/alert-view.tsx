// Alert view: alerts matching the view's filters, live (new alerts appear at the top without a
// reload), bulk select and acknowledge / close / set resolution state, details on the right.
import { useCallback, useState } from 'react';
import { ALERT_RESOLUTION_STATES, type AlertListQuery, type AlertView as Alert, type LiveEvent } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useLiveEvents, useLiveFeed } from '../api/live-feed.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Severity, Pill } from '../design/health.tsx';
import { Button } from '../design/button.tsx';
import { ErrorBanner, Panel } from '../design/panel.tsx';
import { useToast } from '../design/toast.tsx';
import { formatAge, formatTime } from '../design/format.ts';
import type { ViewDef } from '../workspace/view-store.ts';
import { AlertDetails } from './alert-details.tsx';
import { RESOLUTION_CHOICES } from './resolution-states.ts';

type AlertViewDef = Extract<ViewDef, { kind: 'alert' }>;

const PAGE = 50;
const SEVERITIES = ['critical', 'warning', 'information'] as const;

function matches(view: { severity: string; state: string }, alert: Alert): boolean {
  if (view.severity && !view.severity.split(',').includes(alert.severity)) return false;
  if (view.state === 'open' && !alert.open) return false;
  if (view.state === 'closed' && alert.open) return false;
  return true;
}

export function AlertView({ view, compact = false }: { readonly view: AlertViewDef; readonly compact?: boolean }) {
  const { api, cannot } = useSession();
  const toast = useToast();
  const live = useLiveFeed();
  const [severity, setSeverity] = useState(view.severity ?? '');
  const [state, setState] = useState<string>(view.state ?? 'open');
  const [q, setQ] = useState(view.q ?? '');
  const [sort, setSort] = useState('-raisedAtMs');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [activeId, setActiveId] = useState<string | undefined>(undefined);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [detailVersion, setDetailVersion] = useState(0);

  const query: AlertListQuery = { limit: PAGE, offset, sort: sort as AlertListQuery['sort'], state, ...(severity ? { severity } : {}), ...(q ? { q } : {}) };
  const alerts = useAsync(() => api.alerts.list(query), [api, offset, sort, state, severity, q, live.epoch]);

  useLiveEvents(useCallback((event: LiveEvent) => {
    if (event.kind !== 'alert' || !event.alert) return;
    const alert = event.alert;
    alerts.mutate((page) => {
      if (!page) return page;
      const present = page.items.some((a) => a.id === alert.id);
      const keep = matches({ severity, state }, alert);
      if (present) {
        const items = keep ? page.items.map((a) => (a.id === alert.id ? alert : a)) : page.items.filter((a) => a.id !== alert.id);
        return { ...page, items, total: keep ? page.total : Math.max(0, page.total - 1) };
      }
      if (!keep || offset !== 0 || event.change !== 'raised' || q) return page;
      return { ...page, items: [alert, ...page.items].slice(0, PAGE), total: page.total + 1 };
    });
    if (event.change === 'raised') setFresh((f) => new Set([...f, alert.id]));
    if (alert.id === activeId) setDetailVersion((v) => v + 1);
  }, [alerts, severity, state, offset, q, activeId]));

  const apply = async (resolutionState: number, label: string): Promise<void> => {
    const ids = selected.size > 0 ? [...selected] : activeId ? [activeId] : [];
    if (ids.length === 0) return;
    setBusy(true);
    try {
      const result = await api.alerts.bulk({ ids, update: { resolutionState } });
      const failed = result.results.filter((r) => !r.ok);
      if (failed.length === 0) toast.show('success', `${label}: ${result.updated} alert${result.updated === 1 ? '' : 's'}.`);
      else toast.show('error', `${label}: ${result.updated} done, ${failed.length} refused — ${failed[0]?.error?.message ?? ''}`);
      const updated = new Map(result.results.filter((r) => r.alert).map((r) => [r.id, r.alert!]));
      alerts.mutate((page) => page && { ...page, items: page.items.map((a) => updated.get(a.id) ?? a).filter((a) => matches({ severity, state }, a)) });
      setSelected(new Set());
      setDetailVersion((v) => v + 1);
    } catch (error) {
      toast.failure(error, `${label.toLowerCase()} the alerts`);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<Alert>[] = [
    { key: 'severity', header: 'Severity', sortKey: 'severity', render: (a) => <Severity severity={a.severity} />, width: 110 },
    { key: 'name', header: 'Alert', sortKey: 'name', render: (a) => <span title={a.description}>{a.name}</span> },
    { key: 'object', header: 'Source', render: (a) => a.objectDisplayName ?? <span className="muted">—</span> },
    { key: 'state', header: 'Resolution state', sortKey: 'resolutionState', render: (a) => <Pill tone={a.open ? (a.resolutionState === 0 ? 'warning' : 'information') : 'healthy'}>{a.resolutionStateName}</Pill> },
    ...(compact ? [] : [
      { key: 'priority', header: 'Priority', sortKey: 'priority', render: (a: Alert) => a.priority },
      { key: 'repeat', header: 'Repeats', sortKey: 'repeatCount', render: (a: Alert) => a.repeatCount },
    ]),
    { key: 'raised', header: 'Raised', sortKey: 'raisedAtMs', render: (a) => <span title={formatTime(a.raisedAtMs)}>{formatAge(a.raisedAtMs)}</span> },
  ];
  const canUpdate = cannot('alerts:update');
  const nothingChosen = selected.size === 0 && !activeId ? 'Select alerts first (Space selects, Shift+A selects the page).' : undefined;

  return (
    <div className={compact ? '' : 'split'} data-testid="alert-view">
      <Panel
        title={<>Alerts <span className="muted" style={{ fontWeight: 400 }}>{alerts.data ? `(${alerts.data.total}${alerts.data.totalExact ? '' : '+'})` : ''}</span></>}
        bodyClass=""
        actions={compact ? undefined : (
          <div className="toolbar">
            <Button size="small" variant="primary" testId="alerts-acknowledge" disabledReason={canUpdate ?? nothingChosen} busy={busy} onClick={() => void apply(ALERT_RESOLUTION_STATES.acknowledged, 'Acknowledged')}>Acknowledge</Button>
            <Button size="small" testId="alerts-close" disabledReason={canUpdate ?? nothingChosen} busy={busy} onClick={() => void apply(ALERT_RESOLUTION_STATES.closed, 'Closed')}>Close</Button>
            <select className="input" style={{ height: 24 }} aria-label="Set resolution state" value="" disabled={Boolean(canUpdate ?? nothingChosen) || busy} title={canUpdate ?? nothingChosen}
              onChange={(e) => { const value = Number(e.target.value); const label = RESOLUTION_CHOICES.find(([v]) => v === value)?.[1] ?? String(value); void apply(value, `Set to ${label}`); }}>
              <option value="" disabled>Set state…</option>
              {RESOLUTION_CHOICES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
          </div>
        )}
      >
        {compact ? null : (
          <div className="toolbar" style={{ padding: 8, borderBottom: '1px solid var(--border)' }}>
            {SEVERITIES.map((s) => {
              const on = severity.split(',').includes(s);
              return (
                <button key={s} className="chip" aria-pressed={on} onClick={() => { const set = new Set(severity.split(',').filter(Boolean)); if (on) set.delete(s); else set.add(s); setSeverity([...set].join(',')); setOffset(0); }}>
                  {s[0]!.toUpperCase() + s.slice(1)}
                </button>
              );
            })}
            <select className="input" aria-label="Resolution state filter" value={state} onChange={(e) => { setState(e.target.value); setOffset(0); }}>
              <option value="open">Open</option>
              <option value="closed">Resolved and closed</option>
              <option value="all">All</option>
              <option value="0">New</option>
              <option value="249">Acknowledged</option>
            </select>
            <input className="input" type="search" placeholder="Search alerts  /" aria-label="Search alerts" data-search value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
            <span className="grow" />
            <span className="legend-note"><span className="live-dot" data-state={live.status} /> {live.status === 'open' ? 'Live' : live.status === 'connecting' ? 'Connecting…' : 'Live feed lost; retrying'}</span>
          </div>
        )}
        <ErrorBanner error={alerts.error} onRetry={alerts.reload} />
        <DataTable
          label="Alerts"
          testId="alert-table"
          rows={alerts.data?.items ?? []}
          rowKey={(a) => a.id}
          columns={columns}
          sort={sort}
          onSort={(s) => { setSort(s); setOffset(0); }}
          {...(compact ? {} : { selected, onSelectedChange: setSelected })}
          activeKey={activeId}
          onActiveChange={setActiveId}
          onOpen={(a) => setActiveId(a.id)}
          page={alerts.data}
          onPage={setOffset}
          fresh={fresh}
          empty={alerts.loading ? 'Loading…' : 'No alerts match. All quiet.'}
        />
      </Panel>
      {compact ? null : <AlertDetails alertId={activeId} version={detailVersion} onChanged={() => { alerts.reload(); setDetailVersion((v) => v + 1); }} />}
    </div>
  );
}
