// Rates from cumulative kernel counters. Counters are compared as bigint because 64-bit counters
// exceed Number's exact range near their wrap point.
import type { CollectContext } from './collector.ts';

const TWO_POW_32 = 1n << 32n;
const TWO_POW_64 = 1n << 64n;

/**
 * The increase from `previous` to `current`, allowing for one wrap of a 32-bit or 64-bit counter.
 * A counter that went backwards by more than half its range was reset (device re-created, driver
 * reloaded), not wrapped: that yields undefined so no bogus spike is reported.
 */
export function counterDelta(previous: bigint, current: bigint): bigint | undefined {
  if (current >= previous) return current - previous;
  // The kernel prints unsigned long; a previous value that fits in 32 bits may come from a 32-bit counter.
  const range = previous < TWO_POW_32 ? TWO_POW_32 : TWO_POW_64;
  const wrapped = range - previous + current;
  return wrapped <= range / 2n ? wrapped : undefined;
}

/** Records raw counters for the next collection and derives deltas and per-second rates from the last. */
export interface CounterTracker {
  /** Stores `raw` under `key`; returns the increase since the previous collection, if there was one. */
  delta(key: string, raw: bigint): number | undefined;
  /** Like delta, divided by the seconds elapsed between the two collections. */
  rate(key: string, raw: bigint): number | undefined;
  readonly elapsedSeconds: number | undefined;
  snapshot(): ReadonlyMap<string, bigint>;
}

export function counterTracker(ctx: CollectContext): CounterTracker {
  const current = new Map<string, bigint>();
  const previous = ctx.previous;
  const elapsedMs = previous === undefined ? undefined : ctx.monotonicMs - previous.takenAtMonotonicMs;
  // A non-positive interval (same tick, or a snapshot from the future) cannot give a rate.
  const elapsedSeconds = elapsedMs !== undefined && elapsedMs > 0 ? elapsedMs / 1000 : undefined;

  const delta = (key: string, raw: bigint): number | undefined => {
    current.set(key, raw);
    const before = previous?.values.get(key);
    if (before === undefined) return undefined;
    const increase = counterDelta(before, raw);
    return increase === undefined ? undefined : Number(increase);
  };

  return {
    delta,
    rate(key, raw) {
      const increase = delta(key, raw);
      return increase === undefined || elapsedSeconds === undefined ? undefined : increase / elapsedSeconds;
    },
    elapsedSeconds,
    snapshot: () => current,
  };
}

/** Parses a kernel counter field; malformed text becomes 0n rather than throwing mid-collection. */
export function parseCounter(text: string | undefined): bigint {
  return text !== undefined && /^\d+$/.test(text) ? BigInt(text) : 0n;
}
