// Physical memory and swap from /proc/meminfo.
import type { Collector } from './collector.ts';
import { readHostFile } from './host-files.ts';
import { sampleSink, type Sample } from './sample.ts';

/** /proc/meminfo as bytes per key ("MemTotal: 123 kB" → MemTotal → 125952). */
export function parseMeminfo(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\S+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      values.set(match[1], Number(match[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1));
    }
  }
  return values;
}

export const memoryCollector: Collector = {
  name: 'memory',
  async collect(ctx) {
    const info = parseMeminfo(await readHostFile(ctx.rootPath, '/proc/meminfo'));
    const samples: Sample[] = [];
    const totalBytes = info.get('MemTotal') ?? 0;
    // MemAvailable exists since Linux 3.14; before that, free + page cache is the usual estimate.
    const availableBytes =
      info.get('MemAvailable') ?? (info.get('MemFree') ?? 0) + (info.get('Buffers') ?? 0) + (info.get('Cached') ?? 0);
    const memory = sampleSink(samples, { class: 'linux.memory', key: 'physical' }, ctx.nowMs);
    memory.numeric('total.bytes', totalBytes, 'bytes');
    memory.numeric('available.bytes', availableBytes, 'bytes');
    memory.numeric('used.bytes', totalBytes - availableBytes, 'bytes');
    if (totalBytes > 0) memory.numeric('available.percent', (availableBytes / totalBytes) * 100, '%');

    const swapTotalBytes = info.get('SwapTotal') ?? 0;
    const swapUsedBytes = swapTotalBytes - (info.get('SwapFree') ?? 0);
    const swap = sampleSink(samples, { class: 'linux.memory', key: 'swap' }, ctx.nowMs);
    swap.numeric('total.bytes', swapTotalBytes, 'bytes');
    swap.numeric('used.bytes', swapUsedBytes, 'bytes');
    // No swap configured is a normal state, reported as 0 % used rather than a division by zero.
    swap.numeric('used.percent', swapTotalBytes > 0 ? (swapUsedBytes / swapTotalBytes) * 100 : 0, '%');
    return { kind: 'collected', samples, counters: new Map() };
  },
};
