// Processes: the total count, and per process name the count, CPU and resident memory, from
// /proc/[pid]/stat and /proc/[pid]/status.
import { readdir } from 'node:fs/promises';
import type { Collector } from './collector.ts';
import { counterTracker, parseCounter } from './counter-rates.ts';
import { hostPath, readHostFile, readHostFileIfPresent } from './host-files.ts';
import { sampleSink, THIS_COMPUTER, type Sample } from './sample.ts';

// Indexes into the fields after "pid (comm) " of /proc/[pid]/stat (proc(5) field n is index n - 3).
const UTIME = 11;
const STIME = 12;
const START_TIME = 19;

interface ProcessByName {
  count: number;
  cpuTicks: number;
  residentBytes: number;
}

export interface ProcessStat {
  readonly name: string;
  readonly cpuTicks: bigint;
  readonly startTime: string;
}

/** Parses /proc/[pid]/stat. The name may itself contain spaces and ')' so it ends at the LAST ')'. */
export function parseProcessStat(text: string): ProcessStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  return {
    name: text.slice(open + 1, close),
    cpuTicks: parseCounter(fields[UTIME]) + parseCounter(fields[STIME]),
    startTime: fields[START_TIME] ?? '0',
  };
}

export const processCollector: Collector = {
  name: 'process',
  async collect(ctx) {
    const counters = counterTracker(ctx);
    // Process CPU is measured against all CPUs' jiffies over the same interval, which avoids
    // needing USER_HZ: 100 % means every core busy in this process's name.
    const cpuLine = (await readHostFile(ctx.rootPath, '/proc/stat')).split('\n').find((l) => l.startsWith('cpu '));
    const totalJiffies = (cpuLine ?? '').trim().split(/\s+/).slice(1, 9).reduce((sum, f) => sum + parseCounter(f), 0n);
    const totalDelta = counters.delta('total-jiffies', totalJiffies);

    const byName = new Map<string, ProcessByName>();
    const pids = (await readdir(hostPath(ctx.rootPath, '/proc'))).filter((entry) => /^\d+$/.test(entry));
    for (const pid of pids) {
      // Processes exit while we read: a missing file means "gone", never an error.
      const stat = parseProcessStat((await readHostFileIfPresent(ctx.rootPath, `/proc/${pid}/stat`)) ?? '');
      if (stat === undefined) continue;
      const status = (await readHostFileIfPresent(ctx.rootPath, `/proc/${pid}/status`)) ?? '';
      const rssKb = /^VmRSS:\s+(\d+)/m.exec(status)?.[1];
      // The start time in the key stops a recycled pid from inheriting another process's ticks.
      const ticks = counters.delta(`pid/${pid}/${stat.startTime}`, stat.cpuTicks);
      const entry = byName.get(stat.name) ?? { count: 0, cpuTicks: 0, residentBytes: 0 };
      entry.count += 1;
      entry.cpuTicks += ticks ?? 0;
      entry.residentBytes += Number(rssKb ?? 0) * 1024;
      byName.set(stat.name, entry);
    }

    const samples: Sample[] = [];
    const processCount = [...byName.values()].reduce((sum, e) => sum + e.count, 0);
    sampleSink(samples, THIS_COMPUTER, ctx.nowMs).numeric('processes.count', processCount, 'count');
    for (const [name, entry] of byName) {
      const sink = sampleSink(samples, { class: 'linux.process', key: name }, ctx.nowMs);
      sink.numeric('instances.count', entry.count, 'count');
      sink.numeric('resident-memory.bytes', entry.residentBytes, 'bytes');
      // /proc/stat and the per-process files are read moments apart, so over a short interval a busy
      // process can appear to exceed the whole machine; clamp rather than report an impossible value.
      if (totalDelta !== undefined && totalDelta > 0) sink.numeric('processor-time.percent', Math.min(100, (entry.cpuTicks / totalDelta) * 100), '%');
    }
    return { kind: 'collected', samples, counters: counters.snapshot() };
  },
};
