// What bench/run.ts knows about a benchmark: its name, one line about it, and how to run it.
import type { BenchOptions } from './bench-options.ts';
import type { BenchReport } from './bench-report.ts';

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<BenchReport>;
}

export function mb(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : Math.round(bytes / 2 ** 20);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Percent of one core used between two samples of cumulative CPU microseconds. */
export function cpuPercent(fromMicros: number, toMicros: number, wallMs: number): number {
  return wallMs <= 0 ? Number.NaN : ((toMicros - fromMicros) / 1000 / wallMs) * 100;
}
