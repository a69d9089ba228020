// The shape of every kind of pool work (agentless probes, heartbeat watching, jobs). A workload
// names its keys; the pool loop decides which keys this member owns and tells the workload.
import type { PoolId } from '@vigil/core';
import type { PoolFence } from '@vigil/store';

export interface PoolRef {
  readonly id: PoolId;
  readonly name: string;
}

export interface PoolAssignment {
  /** The lease the work runs under; null means "stop everything in this pool now". */
  readonly fence: PoolFence | null;
  /** The keys (as listKeys returned them) this member works on now; anything else must stop. */
  readonly keys: ReadonlySet<string>;
}

export interface PoolWorkload {
  /** Unique among workloads; prefixes the workload's keys in ownership hashing. */
  readonly name: string;
  /** The keys this workload has in `pool` now (empty for pools it does not serve). */
  listKeys(pool: PoolRef): Promise<readonly string[]>;
  /**
   * Replaces this member's assignment in `pool`. Must return at once and never throw: removed
   * keys are aborted (AbortSignal) right away, before the call returns.
   */
  assign(pool: PoolRef, assignment: PoolAssignment): void;
  /** Aborts everything and waits for in-flight work to settle. */
  close(): Promise<void>;
}
