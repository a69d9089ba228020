// A uPlot line chart of several performance series over a time range. Drag across the plot to
// zoom in (the parent fetches finer buckets for the new range); the parent owns the range.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PerfSamples } from '@vigil/protocol';

const COLOURS = ['#2457d6', '#d98c00', '#1f9d55', '#b83280', '#0e8a9a', '#7c3aed', '#d12f2f', '#5b6678'];

/** Columns uPlot wants: one x array (seconds) and one y array per series, aligned, null for gaps. */
export function alignSeries(samples: PerfSamples): uPlot.AlignedData {
  const times = [...new Set(samples.series.flatMap((s) => s.points.map((p) => p.atMs)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const columns = samples.series.map((s) => {
    const column: (number | null)[] = new Array(times.length).fill(null);
    for (const point of s.points) column[index.get(point.atMs)!] = point.avg;
    return column;
  });
  return [times.map((t) => t / 1000), ...columns];
}

export function seriesLabel(series: PerfSamples['series'][number]['series']): string {
  return `${series.objectDisplayName ?? series.objectKey} · ${series.counter}${series.instance ? ` (${series.instance})` : ''}`;
}

export function PerfChart({ samples, height = 320, onZoom }: { readonly samples: PerfSamples; readonly height?: number; readonly onZoom?: (fromMs: number, toMs: number) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height,
      scales: { x: { time: true, range: [samples.fromMs / 1000, samples.toMs / 1000] } },
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      axes: [{ stroke: '#5b6678', grid: { stroke: '#eef0f3' } }, { stroke: '#5b6678', grid: { stroke: '#eef0f3' }, size: 60 }],
      series: [
        { label: 'Time' },
        ...samples.series.map((s, i) => ({ label: seriesLabel(s.series), stroke: COLOURS[i % COLOURS.length]!, width: 1.6, spanGaps: false, points: { show: s.points.length < 60 } })),
      ],
      hooks: {
        setSelect: [
          (u: uPlot) => {
            if (u.select.width < 4) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoom.current?.(Math.round(from), Math.round(to));
          },
        ],
      },
    };
    const plot = new uPlot(options, alignSeries(samples), element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [samples, height]);

  return <div ref={host} className="chart-host" data-testid="perf-chart" role="img" aria-label={`Chart of ${samples.series.map((s) => seriesLabel(s.series)).join(', ')}`} />;
}
