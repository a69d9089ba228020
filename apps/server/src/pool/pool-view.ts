// What one lease snapshot says about a pool: who is live and who may own work. Pure; every member
// computes the same view from the same snapshot, which is what makes rendezvous ownership agree.
import type { ManagementServerId, PoolId } from '@vigil/core';
import type { PoolLeaseSnapshot } from '@vigil/store';

export interface PoolView {
  readonly poolId: PoolId;
  readonly dbNowMs: number;
  /** Members whose lease is valid at dbNowMs. */
  readonly live: readonly ManagementServerId[];
  /** Live members allowed to own work (settle rule below). */
  readonly eligible: readonly ManagementServerId[];
}

/**
 * Settle rule (hysteresis): a live member is eligible once it has held its lease without a gap
 * for `settleMs`. Exception for a pool that is starting (all members new): members whose lease
 * began within `settleMs` of the oldest live lease are eligible at once. Formally, with
 * s0 = min(heldSince of live members): eligible ⇔ heldSince ≤ max(dbNow − settleMs, s0 + settleMs).
 * A flapping member gets a new epoch (= new heldSince) every time its lease lapses, so it can win
 * keys back at most once per settle period.
 */
export function buildPoolView(poolId: PoolId, snapshot: PoolLeaseSnapshot, settleMs: number): PoolView {
  const liveLeases = snapshot.leases.filter((l) => l.expiresAtMs > snapshot.dbNowMs);
  const oldest = Math.min(...liveLeases.map((l) => l.heldSinceMs));
  const cutoff = Math.max(snapshot.dbNowMs - settleMs, oldest + settleMs);
  return {
    poolId,
    dbNowMs: snapshot.dbNowMs,
    live: liveLeases.map((l) => l.serverId),
    eligible: liveLeases.filter((l) => l.heldSinceMs <= cutoff).map((l) => l.serverId),
  };
}
