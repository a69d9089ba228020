// State view: the objects of a class (and classes derived from it) with their health, filtered,
// sorted and paged by the server; health changes arrive live and refresh the page.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveEvent, MonitoringObjectView, ObjectListQuery } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useLiveEvents, useLiveFeed } from '../api/live-feed.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Health, HealthIcon } from '../design/health.tsx';
import { ErrorBanner, Panel } from '../design/panel.tsx';
import { formatAge, formatTime } from '../design/format.ts';
import type { ViewDef } from '../workspace/view-store.ts';
import { ObjectPanel } from './object-panel.tsx';

type StateViewDef = Extract<ViewDef, { kind: 'state' }>;
const PAGE = 50;
const STATES = ['critical', 'warning', 'healthy', 'unknown'] as const;

export function StateView({ view, compact = false, initialObject }: { readonly view: StateViewDef; readonly compact?: boolean; readonly initialObject?: string | undefined }) {
  const { api } = useSession();
  const live = useLiveFeed();
  const [classId, setClassId] = useState(view.classId);
  const [health, setHealth] = useState(view.health ?? '');
  const [maintenance, setMaintenance] = useState<'' | 'true' | 'false'>('');
  const [q, setQ] = useState(view.q ?? '');
  const [sort, setSort] = useState('-healthState');
  const [offset, setOffset] = useState(0);
  const [activeId, setActiveId] = useState<string | undefined>(initialObject);
  const [version, setVersion] = useState(0);
  const classes = useAsync(() => api.objects.classes(), [api]);

  const query: ObjectListQuery = { limit: PAGE, offset, sort: sort as ObjectListQuery['sort'], ...(classId ? { classId } : {}), ...(health ? { health } : {}), ...(maintenance ? { maintenance: maintenance === 'true' } : {}), ...(q ? { q } : {}) };
  const objects = useAsync(() => api.objects.list(query), [api, classId, health, maintenance, q, sort, offset, live.epoch, version]);

  // Health changes on screen refresh the page (coalesced: a storm is one reload per second).
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);
  useLiveEvents(useCallback((event: LiveEvent) => {
    if (event.kind !== 'state-change') return;
    if (pending.current) return;
    pending.current = setTimeout(() => { pending.current = undefined; setVersion((v) => v + 1); }, 1000);
  }, []));

  const columns: Column<MonitoringObjectView>[] = [
    { key: 'state', header: 'State', sortKey: 'healthState', render: (o) => <Health state={o.displayState} />, width: 140 },
    { key: 'name', header: 'Name', sortKey: 'displayName', render: (o) => o.displayName },
    ...(compact ? [] : [
      { key: 'class', header: 'Class', sortKey: 'classId', render: (o: MonitoringObjectView) => o.classDisplayName },
      { key: 'key', header: 'Key', sortKey: 'objectKey', render: (o: MonitoringObjectView) => <code>{o.objectKey}</code> },
    ]),
    { key: 'since', header: 'Since', sortKey: 'healthChangedAtMs', render: (o) => <span title={formatTime(o.healthChangedAtMs)}>{formatAge(o.healthChangedAtMs)}</span> },
  ];

  return (
    <div className={compact ? '' : 'split'} data-testid="state-view">
      <Panel title={<>Objects <span className="muted" style={{ fontWeight: 400 }}>{objects.data ? `(${objects.data.total}${objects.data.totalExact ? '' : '+'})` : ''}</span></>} bodyClass="">
        {compact ? null : (
          <div className="toolbar" style={{ padding: 8, borderBottom: '1px solid var(--border)' }}>
            <select className="input" aria-label="Class" value={classId} onChange={(e) => { setClassId(e.target.value); setOffset(0); }}>
              <option value="">All classes</option>
              {classId && !classes.data?.some((c) => c.id === classId) ? <option value={classId}>{classId}</option> : null}
              {(classes.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.displayName}</option>)}
            </select>
            {STATES.map((s) => {
              const on = health.split(',').includes(s);
              return (
                <button key={s} className="chip" aria-pressed={on} aria-label={`Only ${s}`} onClick={() => { const set = new Set(health.split(',').filter(Boolean)); if (on) set.delete(s); else set.add(s); setHealth([...set].join(',')); setOffset(0); }}>
                  <HealthIcon state={s} size={12} /> {s}
                </button>
              );
            })}
            <button className="chip" aria-pressed={maintenance === 'true'} onClick={() => { setMaintenance(maintenance === 'true' ? '' : 'true'); setOffset(0); }}><HealthIcon state="maintenance" size={12} /> in maintenance</button>
            <input className="input" type="search" placeholder="Search  /" aria-label="Search objects" data-search value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
          </div>
        )}
        <ErrorBanner error={objects.error} onRetry={objects.reload} />
        <DataTable
          label="Objects"
          testId="state-table"
          rows={objects.data?.items ?? []}
          rowKey={(o) => o.id}
          columns={columns}
          sort={sort}
          onSort={(s) => { setSort(s); setOffset(0); }}
          activeKey={activeId}
          onActiveChange={setActiveId}
          onOpen={(o) => setActiveId(o.id)}
          page={objects.data}
          onPage={setOffset}
          empty={objects.loading ? 'Loading…' : 'No objects match.'}
        />
      </Panel>
      {compact ? null : <ObjectPanel objectId={activeId} version={version} onChanged={() => setVersion((v) => v + 1)} />}
    </div>
  );
}
