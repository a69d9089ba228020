// Event view: events collected by event rules, newest first, filtered by level and text.
import { useState } from 'react';
import type { EventView as Event } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Pill } from '../design/health.tsx';
import { Empty, ErrorBanner, KeyValues, Panel } from '../design/panel.tsx';
import { formatTime } from '../design/format.ts';
import type { ViewDef } from '../workspace/view-store.ts';

type EventViewDef = Extract<ViewDef, { kind: 'event' }>;
const LEVELS = ['error', 'warning', 'information'] as const;
const TONE: Record<string, 'critical' | 'warning' | 'information' | 'unknown'> = { error: 'critical', critical: 'critical', warning: 'warning', information: 'information', info: 'information' };

export function EventView({ view, compact = false }: { readonly view: EventViewDef; readonly compact?: boolean }) {
  const { api } = useSession();
  const [level, setLevel] = useState(view.level ?? '');
  const [q, setQ] = useState(view.q ?? '');
  const [sort, setSort] = useState('-atMs');
  const [offset, setOffset] = useState(0);
  const [active, setActive] = useState<Event | undefined>(undefined);
  const events = useAsync(() => api.events.list({ limit: 50, offset, sort: sort as 'atMs', ...(level ? { level } : {}), ...(q ? { q } : {}) }), [api, level, q, sort, offset]);
  const columns: Column<Event>[] = [
    { key: 'level', header: 'Level', sortKey: 'level', render: (e) => <Pill tone={TONE[e.level] ?? 'unknown'}>{e.level}</Pill>, width: 110 },
    { key: 'at', header: 'Time', sortKey: 'atMs', render: (e) => formatTime(e.atMs), width: 160 },
    { key: 'source', header: 'Source', render: (e) => e.objectDisplayName ?? e.objectKey },
    { key: 'id', header: 'Event', sortKey: 'eventId', render: (e) => <code>{e.eventId}</code> },
    { key: 'message', header: 'Message', render: (e) => e.message },
  ];
  return (
    <div className={compact ? '' : 'split'} data-testid="event-view">
      <Panel title="Events" bodyClass="">
        {compact ? null : (
          <div className="toolbar" style={{ padding: 8, borderBottom: '1px solid var(--border)' }}>
            {LEVELS.map((l) => {
              const on = level.split(',').includes(l);
              return <button key={l} className="chip" aria-pressed={on} onClick={() => { const set = new Set(level.split(',').filter(Boolean)); if (on) set.delete(l); else set.add(l); setLevel([...set].join(',')); setOffset(0); }}>{l}</button>;
            })}
            <input className="input" type="search" placeholder="Search events  /" aria-label="Search events" data-search value={q} onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
          </div>
        )}
        <ErrorBanner error={events.error} onRetry={events.reload} />
        <DataTable label="Events" rows={events.data?.items ?? []} rowKey={(e) => e.id} columns={compact ? columns.filter((c) => c.key !== 'id') : columns} sort={sort} onSort={setSort}
          activeKey={active?.id} onActiveChange={(id) => setActive(events.data?.items.find((e) => e.id === id))} onOpen={setActive}
          page={events.data} onPage={setOffset} empty={events.loading ? 'Loading…' : 'No events match.'} />
      </Panel>
      {compact ? null : (
        <Panel title="Event details">
          {active ? (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
              <KeyValues rows={[['Time', formatTime(active.atMs)], ['Source', active.objectDisplayName ?? active.objectKey], ['Event', active.eventId], ['Level', active.level]]} />
              <div>{active.message}</div>
              <pre className="context">{JSON.stringify(active.data, null, 2)}</pre>
            </div>
          ) : <Empty>Select an event to see its data.</Empty>}
        </Panel>
      )}
    </div>
  );
}
