// Small statistics for benchmark results: percentiles by nearest rank over recorded samples.

/** Nearest-rank percentile (p in 0..100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Distribution {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

/**
 * Fixed-bucket latency histogram (1 ms buckets up to 60 s): cheap to record millions of samples
 * in a fleet process and to merge across processes; percentiles are exact to the millisecond.
 */
export interface LatencyHistogram {
  record(ms: number): void;
  /** Bucket counts as [ms, count] pairs (only non-empty buckets), for sending between processes. */
  snapshot(): Array<[number, number]>;
  reset(): void;
}

const MAX_BUCKET_MS = 60_000;

export function createLatencyHistogram(): LatencyHistogram {
  let counts = new Map<number, number>();
  return {
    record(ms) {
      const bucket = Math.min(MAX_BUCKET_MS, Math.max(0, Math.round(ms)));
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    },
    snapshot: () => [...counts.entries()],
    reset() {
      counts = new Map();
    },
  };
}

/** Percentiles of merged histogram snapshots. */
export function histogramDistribution(snapshots: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): Distribution {
  const merged = new Map<number, number>();
  for (const snapshot of snapshots) for (const [ms, count] of snapshot) merged.set(ms, (merged.get(ms) ?? 0) + count);
  const buckets = [...merged.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  const at = (p: number): number => {
    if (total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const [ms, count] of buckets) {
      seen += count;
      if (seen >= rank) return ms;
    }
    return buckets[buckets.length - 1]![0];
  };
  return { count: total, p50: at(50), p95: at(95), p99: at(99), max: total === 0 ? Number.NaN : buckets[buckets.length - 1]![0] };
}
