// Performance view: pick an object and its counters, a time range (or drag on the chart to zoom
// in), and see the series together; the server downsamples to the chart's width.
import { useEffect, useMemo, useState } from 'react';
import { MAX_PERF_SERIES_PER_QUERY, type MonitoringObjectView } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { Empty, ErrorBanner, Panel } from '../design/panel.tsx';
import { Button } from '../design/button.tsx';
import { ObjectPicker } from '../design/object-picker.tsx';
import { formatTime } from '../design/format.ts';
import type { ViewDef } from '../workspace/view-store.ts';
import { PerfChart } from './perf-chart.tsx';

type PerfViewDef = Extract<ViewDef, { kind: 'perf' }>;

export const RANGES: ReadonlyArray<readonly [number, string]> = [[15 * 60_000, '15 min'], [3_600_000, '1 hour'], [6 * 3_600_000, '6 hours'], [86_400_000, '24 hours'], [7 * 86_400_000, '7 days']];

interface Range { readonly fromMs: number; readonly toMs: number; readonly zoomed: boolean }

export function PerfView({ view, compact = false, initialObject }: { readonly view: PerfViewDef; readonly compact?: boolean; readonly initialObject?: string | undefined }) {
  const { api } = useSession();
  const [object, setObject] = useState<MonitoringObjectView | undefined>(undefined);
  const objectId = object?.id ?? initialObject ?? view.objectId;
  const [rangeMs, setRangeMs] = useState(view.rangeMs ?? 3_600_000);
  const [range, setRange] = useState<Range>(() => ({ fromMs: Date.now() - rangeMs, toMs: Date.now(), zoomed: false }));
  const [chosen, setChosen] = useState<ReadonlySet<string> | undefined>(undefined);

  const series = useAsync(() => api.perf.series({ limit: 100, sort: 'counter', ...(objectId ? { objectId } : {}), ...(view.counter ? { counter: view.counter } : {}) }), [api, objectId, view.counter]);
  useEffect(() => setChosen(undefined), [objectId]);
  const selectedIds = useMemo(() => {
    const all = series.data?.items ?? [];
    const ids = chosen ? all.filter((s) => chosen.has(s.id)) : all.slice(0, 4);
    return ids.slice(0, MAX_PERF_SERIES_PER_QUERY).map((s) => s.id);
  }, [series.data, chosen]);

  // Relative ranges follow the clock (every 30 s); a zoomed range stays put.
  useEffect(() => {
    if (range.zoomed) return;
    const timer = setInterval(() => setRange({ fromMs: Date.now() - rangeMs, toMs: Date.now(), zoomed: false }), 30_000);
    return () => clearInterval(timer);
  }, [range.zoomed, rangeMs]);

  const samples = useAsync(
    () => (selectedIds.length === 0 ? Promise.resolve(undefined) : api.perf.samples({ series: selectedIds.join(','), fromMs: range.fromMs, toMs: range.toMs, points: compact ? 200 : 600 })),
    [api, selectedIds.join(','), range.fromMs, range.toMs],
  );

  const pickRange = (ms: number): void => {
    setRangeMs(ms);
    setRange({ fromMs: Date.now() - ms, toMs: Date.now(), zoomed: false });
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="perf-view">
      {compact ? null : (
        <div className="toolbar" style={{ alignItems: 'flex-end' }}>
          <ObjectPicker value={object} onChange={setObject} label="Object" placeholder={objectId ? 'Change object…' : 'All objects — type to pick one'} />
          <div className="field"><span>Time range</span>
            <div className="toolbar" role="group" aria-label="Time range">
              {RANGES.map(([ms, label]) => <button key={ms} className="chip" aria-pressed={!range.zoomed && rangeMs === ms} onClick={() => pickRange(ms)}>{label}</button>)}
              {range.zoomed ? <Button size="small" onClick={() => pickRange(rangeMs)} testId="perf-reset-zoom">Reset zoom</Button> : null}
            </div>
          </div>
        </div>
      )}
      <div className={compact ? '' : 'split'}>
        <Panel title={<>Chart <span className="muted" style={{ fontWeight: 400 }}>{formatTime(range.fromMs)} – {formatTime(range.toMs)}{samples.data ? ` · ${Math.round(samples.data.bucketMs / 1000)} s buckets` : ''}</span></>}>
          <ErrorBanner error={samples.error ?? series.error} onRetry={samples.reload} />
          {samples.data && samples.data.series.length > 0
            ? <PerfChart samples={samples.data} height={compact ? 220 : 340} onZoom={(fromMs, toMs) => setRange({ fromMs, toMs, zoomed: true })} />
            : <Empty>{series.loading || samples.loading ? 'Loading…' : 'No performance data for this choice yet.'}</Empty>}
          {compact ? null : <div className="legend-note">Drag across the chart to zoom in; “Reset zoom” goes back.</div>}
        </Panel>
        {compact ? null : (
          <Panel title="Counters" testId="perf-series">
            {(series.data?.items ?? []).length === 0 ? <Empty>{series.loading ? 'Loading…' : 'No counters collected for this object.'}</Empty> : null}
            <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
              {(series.data?.items ?? []).map((s) => (
                <li key={s.id}>
                  <label style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                    <input type="checkbox" checked={selectedIds.includes(s.id)} onChange={(e) => {
                      const next = new Set(selectedIds);
                      if (e.target.checked) next.add(s.id); else next.delete(s.id);
                      setChosen(next);
                    }} />
                    <span>{s.counter}{s.instance ? <span className="muted"> ({s.instance})</span> : null}</span>
                    <span className="muted" style={{ marginLeft: 'auto', fontSize: 11 }}>{s.objectDisplayName ?? s.objectKey}</span>
                  </label>
                </li>
              ))}
            </ul>
          </Panel>
        )}
      </div>
    </div>
  );
}
