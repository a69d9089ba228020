// Run-queue load averages from /proc/loadavg.
import type { Collector } from './collector.ts';
import { readHostFile } from './host-files.ts';
import { sampleSink, THIS_COMPUTER, type Sample } from './sample.ts';

export const loadCollector: Collector = {
  name: 'load',
  async collect(ctx) {
    const [one, five, fifteen, entities] = (await readHostFile(ctx.rootPath, '/proc/loadavg')).trim().split(/\s+/);
    const samples: Sample[] = [];
    const sink = sampleSink(samples, THIS_COMPUTER, ctx.nowMs);
    sink.numeric('load-average-1m', Number(one), 'none');
    sink.numeric('load-average-5m', Number(five), 'none');
    sink.numeric('load-average-15m', Number(fifteen), 'none');
    // Fourth field is "runnable/total" scheduling entities.
    const [runnable, total] = (entities ?? '').split('/');
    sink.numeric('runnable-tasks.count', Number(runnable), 'count');
    sink.numeric('scheduling-entities.count', Number(total), 'count');
    return { kind: 'collected', samples, counters: new Map() };
  },
};
