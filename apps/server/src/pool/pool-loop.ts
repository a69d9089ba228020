// One member's loop in one pool: every renewMs it renews its lease, reads the pool, lists the
// workloads' keys and hands each workload the keys it owns (hand-over gate). A watchdog stops all
// work at the lease's local deadline or when the view gets older than viewMaxAgeMs, whichever
// comes first, even while a database call hangs.
import type { Clock, Logger, ManagementServerId, TimerHandle } from '@vigil/core';
import type { PoolFence, PoolLeaseRepository } from '@vigil/store';
import { createHandoverGate } from './handover-gate.ts';
import { createLeaseKeeper, type LeaseTick } from './lease-keeper.ts';
import type { PoolSettings } from './pool-settings.ts';
import type { PoolView } from './pool-view.ts';
import type { PoolRef, PoolWorkload } from './pool-workload.ts';

export interface PoolLoopState {
  readonly pool: PoolRef;
  readonly working: boolean;
  readonly fence: PoolFence | null;
  readonly view: PoolView | null;
  readonly activeKeys: number;
  readonly lastProblem: string | null;
}

export interface PoolLoop {
  readonly pool: PoolRef;
  state(): PoolLoopState;
  /** Resolves when the loop ended by itself (membership removed) or after stop(). */
  readonly ended: Promise<void>;
  /** Stops work, then releases the lease so peers take over within one tick. */
  stop(): Promise<void>;
}

export interface PoolLoopDeps {
  readonly leases: PoolLeaseRepository;
  readonly serverId: ManagementServerId;
  readonly settings: PoolSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workloads: readonly PoolWorkload[];
}

export function startPoolLoop(pool: PoolRef, deps: PoolLoopDeps): PoolLoop {
  const { leases, serverId, settings, clock, logger, workloads } = deps;
  const keeper = createLeaseKeeper(leases, pool.id, serverId, settings, clock);
  const gate = createHandoverGate(serverId, { handoverMs: settings.handoverMs, maxViewGapMs: settings.viewMaxAgeMs });
  let fence: PoolFence | null = null;
  let view: PoolView | null = null;
  let activeKeys = 0;
  let lastProblem: string | null = null;
  let stopped = false;
  let tickTimer: TimerHandle | undefined;
  let watchdog: TimerHandle | undefined;
  let running: Promise<void> = Promise.resolve();
  let endLoop!: () => void;
  const ended = new Promise<void>((resolve) => (endLoop = resolve));

  const suspend = (reason: string): void => {
    watchdog?.cancel();
    if (fence !== null) logger.warn({ pool: pool.name, reason }, 'pool work suspended');
    lastProblem = reason;
    fence = null;
    activeKeys = 0;
    gate.reset();
    for (const workload of workloads) workload.assign(pool, { fence: null, keys: new Set() });
  };

  const apply = async (tick: Extract<LeaseTick, { kind: 'held' }>): Promise<void> => {
    const keyed: Array<[PoolWorkload, string]> = [];
    for (const workload of workloads) {
      for (const key of await workload.listKeys(pool)) keyed.push([workload, `${workload.name}:${key}`]);
    }
    const nowMono = clock.monotonicMs();
    if (nowMono >= tick.deadlineMonoMs || nowMono - tick.viewMonoMs > settings.viewMaxAgeMs) return suspend('pool tick too slow');
    if (tick.acquired) gate.reset();
    const decision = gate.update(tick.view, keyed.map(([, k]) => k), nowMono);
    // Barrier: keys taken from an expired member start only once its last fenced write is over.
    // The wait is bounded by this tick's time so a dead peer's lock never stops our renewals.
    const revoked = new Set<string>();
    for (const previousOwner of new Set(decision.takenOver.values())) {
      const maxWaitMs = Math.min(settings.renewMs, tick.deadlineMonoMs - clock.monotonicMs());
      const barrier = maxWaitMs > 0 ? await leases.awaitExpired(pool.id, previousOwner, maxWaitMs) : 'busy';
      if (barrier === 'expired') continue;
      const keys = [...decision.takenOver].filter(([, from]) => from === previousOwner).map(([key]) => key);
      if (barrier === 'valid') gate.revoke(keys);
      else gate.retryBarrier(new Map(keys.map((key) => [key, previousOwner])));
      for (const key of keys) revoked.add(key);
    }
    if (stopped || clock.monotonicMs() >= tick.deadlineMonoMs) return suspend('lease deadline passed during hand-over');
    const active = new Set([...decision.active].filter((key) => !revoked.has(key)));
    fence = tick.fence;
    view = tick.view;
    activeKeys = active.size;
    lastProblem = null;
    for (const workload of workloads) {
      const prefix = `${workload.name}:`;
      const keys = new Set(keyed.filter(([w, k]) => w === workload && active.has(k)).map(([, k]) => k.slice(prefix.length)));
      workload.assign(pool, { fence: tick.fence, keys });
    }
    watchdog?.cancel();
    const until = Math.min(tick.deadlineMonoMs, tick.viewMonoMs + settings.viewMaxAgeMs) - clock.monotonicMs();
    watchdog = clock.setTimeout(() => suspend('lease not renewed in time'), Math.max(0, until));
  };

  const tickOnce = async (): Promise<void> => {
    const tick = await withTimeout(keeper.tick(), settings.validMs, clock);
    if (stopped) return;
    if (tick.kind === 'held') {
      try {
        await apply(tick);
      } catch (error) {
        suspend(`pool read failed: ${(error as Error).message}`);
      }
    } else if (tick.kind === 'lost') {
      suspend(tick.reason);
    } else {
      suspend('no longer a member of the pool');
      stopped = true;
      endLoop();
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    const startedMono = clock.monotonicMs();
    running = tickOnce()
      .catch((error: unknown) => suspend(`pool tick failed: ${(error as Error).message}`))
      .finally(() => {
        if (stopped) return;
        tickTimer = clock.setTimeout(schedule, Math.max(0, startedMono + settings.renewMs - clock.monotonicMs()));
      });
  };
  schedule();

  return {
    pool,
    ended,
    state: () => ({ pool, working: fence !== null, fence, view, activeKeys, lastProblem }),
    async stop() {
      if (!stopped) {
        stopped = true;
        tickTimer?.cancel();
        suspend('stopping');
        await Promise.race([running, clock.sleep(settings.renewMs)]);
        await keeper.release().catch((err: unknown) => logger.warn({ err, pool: pool.name }, 'could not release pool lease'));
      }
      endLoop();
    },
  };
}

async function withTimeout(work: Promise<LeaseTick>, timeoutMs: number, clock: Clock): Promise<LeaseTick> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<LeaseTick>((resolve) => {
    timer = clock.setTimeout(() => resolve({ kind: 'lost', reason: `database did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    timer?.cancel();
  }
}
