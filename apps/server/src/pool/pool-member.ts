// This management server's part in every resource pool it belongs to: one pool loop per
// membership, started and ended as memberships change (checked every few ticks).
import type { Clock, Logger, ManagementServerId, PoolId } from '@vigil/core';
import type { Database, PoolLeaseRepository } from '@vigil/store';
import { startPoolLoop, type PoolLoop, type PoolLoopState } from './pool-loop.ts';
import type { PoolSettings } from './pool-settings.ts';
import type { PoolWorkload } from './pool-workload.ts';

const MEMBERSHIP_CHECK_TICKS = 5;

export interface PoolMember {
  /** The state of each pool loop this server runs now. */
  pools(): PoolLoopState[];
  /** Stops all pool work, releases the leases (peers take over within a tick), closes workloads. */
  stop(): Promise<void>;
}

export interface PoolMemberDeps {
  readonly db: Database;
  readonly leases: PoolLeaseRepository;
  readonly serverId: ManagementServerId;
  readonly settings: PoolSettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workloads: readonly PoolWorkload[];
}

export async function startPoolMember(deps: PoolMemberDeps): Promise<PoolMember> {
  const loops = new Map<PoolId, PoolLoop>();
  let stopped = false;
  let timer: ReturnType<Clock['setTimeout']> | undefined;

  const sync = async (): Promise<void> => {
    const poolIds = await deps.leases.membershipsOf(deps.serverId);
    const pools = poolIds.length === 0 ? [] : await deps.db.selectFrom('resource_pool').select(['id', 'name']).where('id', 'in', poolIds).execute();
    for (const row of pools) {
      const id = row.id as PoolId;
      if (stopped || loops.has(id)) continue;
      const loop = startPoolLoop({ id, name: row.name }, deps);
      loops.set(id, loop);
      deps.logger.info({ pool: row.name }, 'pool membership active');
      void loop.ended.then(() => {
        if (loops.get(id) === loop) loops.delete(id);
      });
    }
  };
  const resync = (): void => {
    if (stopped) return;
    timer = deps.clock.setTimeout(() => {
      sync()
        .catch((err: unknown) => deps.logger.warn({ err }, 'could not read pool memberships'))
        .finally(resync);
    }, deps.settings.renewMs * MEMBERSHIP_CHECK_TICKS);
  };
  await sync();
  resync();

  return {
    pools: () => [...loops.values()].map((l) => l.state()),
    async stop() {
      stopped = true;
      timer?.cancel();
      await Promise.all([...loops.values()].map((l) => l.stop()));
      loops.clear();
      await Promise.all(deps.workloads.map((w) => w.close()));
    },
  };
}
