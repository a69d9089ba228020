// Time is injected: code that needs "now" or a timer takes a Clock. Production uses systemClock;
// tests use a FakeClock and advance it, so timeouts are tested without sleeping.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  nowMs(): number;
  /** Monotonic milliseconds, for measuring durations. */
  monotonicMs(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  sleep(delayMs: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  setTimeout(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
  sleep(delayMs, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const handle = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delayMs);
      const onAbort = (): void => {
        clearTimeout(handle);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface PendingTimer {
  readonly dueMs: number;
  readonly order: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** A manually advanced clock for tests. Timers fire in due order during advance(). */
export class FakeClock implements Clock {
  #nowMs: number;
  #monotonicMs = 0;
  #timers: PendingTimer[] = [];
  #order = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  monotonicMs(): number {
    return this.#monotonicMs;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: PendingTimer = { dueMs: this.#monotonicMs + Math.max(0, delayMs), order: this.#order++, callback, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const handle = this.setTimeout(resolve, delayMs);
      signal?.addEventListener('abort', () => (handle.cancel(), reject(signal.reason)), { once: true });
    });
  }

  /** Moves time forward, firing due timers in order; awaits microtasks between timers. */
  async advance(deltaMs: number): Promise<void> {
    const targetMonotonic = this.#monotonicMs + deltaMs;
    const startWall = this.#nowMs - this.#monotonicMs;
    for (;;) {
      const due = this.#timers
        .filter((t) => !t.cancelled && t.dueMs <= targetMonotonic)
        .sort((a, b) => a.dueMs - b.dueMs || a.order - b.order)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#monotonicMs = due.dueMs;
      this.#nowMs = startWall + due.dueMs;
      due.callback();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.#monotonicMs = targetMonotonic;
    this.#nowMs = startWall + targetMonotonic;
  }

  /** Sets wall-clock time without firing timers (e.g. to cross a DST boundary). */
  setWallClock(epochMs: number): void {
    this.#nowMs = epochMs;
  }
}
