// Slows password guessing: after `maxFailures` failed sign-ins for one user name from one
// address within `windowMs`, that pair is refused for `lockoutMs` (answered 429 with
// Retry-After). In memory, per server, bounded: when `maxEntries` pairs are tracked the least
// recently touched one is forgotten, so a flood of made-up names cannot exhaust memory.
import type { Clock } from '@vigil/core';

export interface LoginRateLimitPolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
  readonly maxEntries: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimitPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000, maxEntries: 10_000 };

export type LoginGate = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface LoginRateLimiter {
  check(userName: string, address: string): LoginGate;
  recordFailure(userName: string, address: string): void;
  recordSuccess(userName: string, address: string): void;
  /** Pairs tracked now (for tests and metrics). */
  size(): number;
}

interface Entry {
  failures: number;
  windowStartMs: number;
  lockedUntilMs: number;
}

export function createLoginRateLimiter(clock: Clock, policy: LoginRateLimitPolicy = DEFAULT_LOGIN_RATE_LIMIT): LoginRateLimiter {
  const entries = new Map<string, Entry>();
  const keyOf = (userName: string, address: string): string => `${userName.toLowerCase()}\u0000${address}`;

  const touch = (key: string, entry: Entry): void => {
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > policy.maxEntries) entries.delete(entries.keys().next().value!);
  };

  return {
    check(userName, address) {
      const entry = entries.get(keyOf(userName, address));
      const nowMs = clock.nowMs();
      if (!entry || entry.lockedUntilMs <= nowMs) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((entry.lockedUntilMs - nowMs) / 1000)) };
    },
    recordFailure(userName, address) {
      const key = keyOf(userName, address);
      const nowMs = clock.nowMs();
      const previous = entries.get(key);
      const entry = previous && nowMs - previous.windowStartMs < policy.windowMs ? previous : { failures: 0, windowStartMs: nowMs, lockedUntilMs: 0 };
      entry.failures += 1;
      if (entry.failures >= policy.maxFailures) {
        entry.lockedUntilMs = nowMs + policy.lockoutMs;
        // The next window starts when the lockout ends: one more failure locks again at once.
        entry.failures = policy.maxFailures - 1;
        entry.windowStartMs = entry.lockedUntilMs;
      }
      touch(key, entry);
    },
    recordSuccess(userName, address) {
      entries.delete(keyOf(userName, address));
    },
    size: () => entries.size,
  };
}
