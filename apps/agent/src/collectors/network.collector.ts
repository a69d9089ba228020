// Network interface throughput, errors and drops from /proc/net/dev, as per-second rates.
import type { Collector } from './collector.ts';
import { counterTracker, parseCounter } from './counter-rates.ts';
import { readHostFile } from './host-files.ts';
import { sampleSink, type NumericUnit, type Sample } from './sample.ts';

// Column index (after the interface name) → counter name. Receive columns 0-7, transmit 8-15.
const COUNTERS: ReadonlyArray<readonly [number, string, NumericUnit]> = [
  [0, 'received.bytes-per-second', 'bytes/s'],
  [1, 'received.packets-per-second', 'count/s'],
  [2, 'received.errors-per-second', 'count/s'],
  [3, 'received.drops-per-second', 'count/s'],
  [8, 'sent.bytes-per-second', 'bytes/s'],
  [9, 'sent.packets-per-second', 'count/s'],
  [10, 'sent.errors-per-second', 'count/s'],
  [11, 'sent.drops-per-second', 'count/s'],
];

export const networkCollector: Collector = {
  name: 'network',
  async collect(ctx) {
    const counters = counterTracker(ctx);
    const samples: Sample[] = [];
    for (const line of (await readHostFile(ctx.rootPath, '/proc/net/dev')).split('\n')) {
      // "  eth0: 123 ..." — old kernels omit the space after the colon, so split on it explicitly.
      const colon = line.indexOf(':');
      if (colon < 0 || line.includes('|')) continue;
      const name = line.slice(0, colon).trim();
      const fields = line.slice(colon + 1).trim().split(/\s+/);
      const sink = sampleSink(samples, { class: 'linux.network-interface', key: name }, ctx.nowMs);
      for (const [index, counter, unit] of COUNTERS) {
        // A new interface has no previous counters: rate() stays undefined and nothing is reported.
        const rate = counters.rate(`${name}/${index}`, parseCounter(fields[index]));
        if (rate !== undefined) sink.numeric(counter, rate, unit);
      }
    }
    return { kind: 'collected', samples, counters: counters.snapshot() };
  },
};
