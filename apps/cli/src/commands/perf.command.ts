// `vigil perf query OBJECT COUNTER [--since 1h]`: a counter's samples over a time range,
// downsampled on the server (min/avg/max per bucket), drawn as a terminal sparkline.
import type { Command } from 'commander';
import { VigilError } from '@vigil/core';
import { connect } from '../console/api-connection.ts';
import { parseDurationMs } from '../console/durations.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, paint } from '../output/table.ts';
import { formatNumber, sparkline } from '../output/monitoring-format.ts';

export function registerPerfCommands(program: Command): void {
  const perf = program.command('perf').description('performance data');
  perf.command('query')
    .description('samples of a counter on an object, as a sparkline with min/avg/max')
    .argument('<object>', 'object id or key')
    .argument('<counter>', 'counter name, e.g. cpu.utilization')
    .option('--since <duration>', 'time range back from now, e.g. 1h, 24h, 7d', '1h')
    .option('--instance <name>', 'only this instance')
    .option('--points <n>', 'buckets (sparkline width)', '60')
    .option('--json', 'print the series as JSON')
    .action(async (objectRef: string, counter: string, flags: OutputFlags & { since: string; instance?: string; points: string }) => {
      const client = connect();
      const object = await client.objects.get(objectRef);
      const series = (await client.perf.series({ objectId: object.id, counter, limit: 20 })).items.filter((s) => !flags.instance || s.instance === flags.instance);
      if (series.length === 0) throw new VigilError('NOT_FOUND', { what: `Counter ${counter} on`, id: object.displayName });
      const toMs = Date.now();
      const fromMs = toMs - parseDurationMs(flags.since, '--since');
      const points = Number(flags.points);
      const result = await client.perf.samples({ series: series.map((s) => s.id).join(','), fromMs, toMs, points });
      emit(flags, result, () => result.series.map(({ series: s, points: p }) => {
        const buckets: Array<number | null> = Array.from({ length: Math.ceil((toMs - fromMs) / result.bucketMs) }, () => null);
        for (const point of p) buckets[Math.floor((point.atMs - fromMs) / result.bucketMs)] = point.avg;
        if (p.length === 0) return `${s.counter}${s.instance ? ` [${s.instance}]` : ''} on ${object.displayName}: no samples since ${formatTime(fromMs)}\n`;
        const min = Math.min(...p.map((x) => x.min));
        const max = Math.max(...p.map((x) => x.max));
        const count = p.reduce((n, x) => n + x.count, 0);
        const avg = p.reduce((sum, x) => sum + x.avg * x.count, 0) / count;
        return `${paint(`${s.counter}${s.instance ? ` [${s.instance}]` : ''}`, 'bold')} on ${object.displayName}, ${formatTime(fromMs)} .. ${formatTime(toMs)}\n` +
          `${sparkline(buckets)}\nmin ${formatNumber(min)}  avg ${formatNumber(avg)}  max ${formatNumber(max)}  last ${formatNumber(p.at(-1)!.avg)}  (${count} samples)\n`;
      }).join('\n'));
    });
}
