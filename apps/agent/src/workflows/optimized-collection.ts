// Optimized performance collection (SCOM's "optimized" perf rules): a value within `tolerance` of
// the last one sent is skipped, but never more than `maxSkippedSamples` in a row, so a flat series
// still shows up regularly and a gap means the agent stopped, not that nothing changed.

export interface OptimizedCollection {
  readonly tolerance: number;
  readonly toleranceKind: 'absolute' | 'percent';
  readonly maxSkippedSamples: number;
}

interface SeriesMemory {
  lastSent: number;
  skipped: number;
}

export interface OptimizedFilter {
  /** True when `value` of `series` should be sent (and is then remembered as the last sent). */
  shouldSend(series: string, value: number): boolean;
}

export function createOptimizedFilter(optimized: OptimizedCollection | undefined): OptimizedFilter {
  const memory = new Map<string, SeriesMemory>();
  return {
    shouldSend(series, value) {
      if (optimized === undefined) return true;
      const last = memory.get(series);
      if (last !== undefined && last.skipped < optimized.maxSkippedSamples) {
        const allowed = optimized.toleranceKind === 'absolute' ? optimized.tolerance : (Math.abs(last.lastSent) * optimized.tolerance) / 100;
        if (Math.abs(value - last.lastSent) <= allowed) {
          last.skipped += 1;
          return false;
        }
      }
      memory.set(series, { lastSent: value, skipped: 0 });
      return true;
    },
  };
}
