// Holds one pool lease for this member: renews it every tick and reads the pool's leases. The
// lease is trusted locally only until `sentAt + validMs - safetyMarginMs` on the MONOTONIC clock,
// where sentAt is when the renew was sent: the database computed expires_at later than that, so
// the local deadline always falls before the database (and every peer) considers the lease
// expired, whatever the wall-clock skew between machines.
import type { Clock, ManagementServerId, PoolId } from '@vigil/core';
import type { PoolFence, PoolLeaseRepository } from '@vigil/store';
import type { PoolSettings } from './pool-settings.ts';
import { buildPoolView, type PoolView } from './pool-view.ts';

export type LeaseTick =
  | {
      readonly kind: 'held';
      readonly fence: PoolFence;
      readonly acquired: boolean;
      /** Monotonic time after which this member must not act on the lease. */
      readonly deadlineMonoMs: number;
      readonly view: PoolView;
      /** Monotonic time the view's read was sent; it is stale after viewMaxAgeMs. */
      readonly viewMonoMs: number;
    }
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'not-member' };

export interface LeaseKeeper {
  tick(): Promise<LeaseTick>;
  /** Expires the lease now so peers take over at once; call only after all work has stopped. */
  release(): Promise<void>;
}

export function createLeaseKeeper(
  leases: PoolLeaseRepository,
  poolId: PoolId,
  serverId: ManagementServerId,
  settings: PoolSettings,
  clock: Clock,
): LeaseKeeper {
  let epoch: number | null = null;
  return {
    async tick() {
      const sentMonoMs = clock.monotonicMs();
      let renewal;
      try {
        renewal = await leases.renewOrAcquire(poolId, serverId, epoch, settings.validMs);
      } catch (error) {
        return { kind: 'lost', reason: `lease renew failed: ${(error as Error).message}` };
      }
      if (renewal.status === 'not-member') {
        const held = epoch;
        epoch = null;
        if (held !== null) await leases.release(poolId, serverId, held).catch(() => {});
        return { kind: 'not-member' };
      }
      const acquired = renewal.epoch !== epoch;
      epoch = renewal.epoch;
      const deadlineMonoMs = sentMonoMs + settings.validMs - settings.safetyMarginMs;
      const viewMonoMs = clock.monotonicMs();
      let view: PoolView;
      try {
        view = buildPoolView(poolId, await leases.snapshot(poolId), settings.settleMs);
      } catch (error) {
        return { kind: 'lost', reason: `pool read failed: ${(error as Error).message}` };
      }
      return { kind: 'held', fence: { poolId, serverId, epoch: renewal.epoch }, acquired, deadlineMonoMs, view, viewMonoMs };
    },
    async release() {
      if (epoch === null) return;
      const held = epoch;
      epoch = null;
      await leases.release(poolId, serverId, held);
    },
  };
}
