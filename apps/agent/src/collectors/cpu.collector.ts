// CPU utilisation, total ('_Total') and per core, from /proc/stat jiffy deltas.
import type { Collector } from './collector.ts';
import { counterTracker, parseCounter } from './counter-rates.ts';
import { fieldLines, readHostFile } from './host-files.ts';
import { sampleSink, type Sample } from './sample.ts';

// /proc/stat column order after the cpu name; guest time is already included in user/nice.
const FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
type Field = (typeof FIELDS)[number];

export const cpuCollector: Collector = {
  name: 'cpu',
  async collect(ctx) {
    const counters = counterTracker(ctx);
    const samples: Sample[] = [];
    for (const fields of fieldLines(await readHostFile(ctx.rootPath, '/proc/stat'))) {
      const name = fields[0];
      if (name === undefined || !/^cpu\d*$/.test(name)) continue;
      const key = name === 'cpu' ? '_Total' : name.slice(3);
      const deltas = new Map<Field, number>();
      FIELDS.forEach((field, i) => {
        const delta = counters.delta(`${name}/${field}`, parseCounter(fields[i + 1]));
        if (delta !== undefined) deltas.set(field, delta);
      });
      // A core that just came online (or the first collection) has no deltas: no sample, no spike.
      if (deltas.size !== FIELDS.length) continue;
      const total = [...deltas.values()].reduce((sum, v) => sum + v, 0);
      if (total <= 0) continue;
      const percent = (...fs: Field[]): number => (fs.reduce((sum, f) => sum + (deltas.get(f) ?? 0), 0) / total) * 100;
      const sink = sampleSink(samples, { class: 'linux.processor', key }, ctx.nowMs);
      sink.numeric('processor-time.percent', 100 - percent('idle', 'iowait'), '%');
      sink.numeric('user-time.percent', percent('user', 'nice'), '%');
      sink.numeric('system-time.percent', percent('system', 'irq', 'softirq'), '%');
      sink.numeric('iowait-time.percent', percent('iowait'), '%');
      sink.numeric('steal-time.percent', percent('steal'), '%');
    }
    return { kind: 'collected', samples, counters: counters.snapshot() };
  },
};
