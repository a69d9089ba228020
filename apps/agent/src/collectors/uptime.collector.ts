// Time since boot from /proc/uptime.
import type { Collector } from './collector.ts';
import { readHostFile } from './host-files.ts';
import { sampleSink, THIS_COMPUTER, type Sample } from './sample.ts';

export const uptimeCollector: Collector = {
  name: 'uptime',
  async collect(ctx) {
    const [uptime] = (await readHostFile(ctx.rootPath, '/proc/uptime')).trim().split(/\s+/);
    const samples: Sample[] = [];
    sampleSink(samples, THIS_COMPUTER, ctx.nowMs).numeric('uptime.seconds', Number(uptime), 'seconds');
    return { kind: 'collected', samples, counters: new Map() };
  },
};
