// Jittered exponential back-off for reconnects (half the ceiling fixed, half random, so a fleet
// of agents that lost the same server does not come back in lock-step).

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Ceiling growth per attempt; default 2. */
  readonly multiplier?: number;
  /** [0, 1) source, injectable for tests; default Math.random. */
  readonly random?: () => number;
}

export interface Backoff {
  /** The delay before the next attempt: half the ceiling plus a random part of the other half. */
  nextDelayMs(): number;
  /** After a success: the next failure starts again from initialMs. */
  reset(): void;
}

export function createBackoff(options: BackoffOptions): Backoff {
  const multiplier = options.multiplier ?? 2;
  const random = options.random ?? Math.random;
  let ceilingMs = options.initialMs;
  return {
    nextDelayMs() {
      const delay = ceilingMs / 2 + random() * (ceilingMs / 2);
      ceilingMs = Math.min(options.maxMs, ceilingMs * multiplier);
      return Math.round(delay);
    },
    reset() {
      ceilingMs = options.initialMs;
    },
  };
}
