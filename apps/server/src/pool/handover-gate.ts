// Decides which keys this member may work on now, given successive pool views. Ownership is
// rendezvous over the view's eligible members; the gate adds the hand-over rule:
//
//   A member that becomes owner of a key starts at once only if the move was caused purely by
//   members LEAVING (its previous view is recent, the eligible set only shrank) and the previous
//   owner's lease is no longer valid (expired, or released on a clean stop). The caller must then
//   pass the barrier (PoolLeaseRepository.awaitExpired) before working, so no fenced write of the
//   previous owner is still in flight. In every other case (joins, settle, first view, stale
//   previous view) it waits `handoverMs` after it first saw itself owner; the previous owner, which
//   never acts on a view older than viewMaxAgeMs < handoverMs, has stopped by then.
//
// Pure apart from the times passed in; one gate per (member, pool).
import type { ManagementServerId } from '@vigil/core';
import { rendezvousOwner } from './rendezvous-owner.ts';
import type { PoolView } from './pool-view.ts';

export interface HandoverTimings {
  readonly handoverMs: number;
  /** A previous view older than this cannot justify an immediate takeover. */
  readonly maxViewGapMs: number;
}

export interface GateDecision {
  /** Keys this member may work on now. */
  readonly active: ReadonlySet<string>;
  /** Keys that became active in this update, with the expired member they were taken from. */
  readonly takenOver: ReadonlyMap<string, ManagementServerId>;
}

export interface HandoverGate {
  update(view: PoolView, keys: Iterable<string>, nowMonoMs: number): GateDecision;
  /** Withdraws keys that became active (e.g. the barrier found their previous owner live again). */
  revoke(keys: Iterable<string>): void;
  /**
   * Withdraws keys whose barrier could not pass yet (the previous owner's last write still holds
   * its lock): while this member stays their owner, every later update offers them again as taken
   * over from the same member, so they start only once the barrier passes.
   */
  retryBarrier(keys: ReadonlyMap<string, ManagementServerId>): void;
  /** Forgets everything: the member lost its lease or its view went stale. */
  reset(): void;
}

export function createHandoverGate(me: ManagementServerId, timings: HandoverTimings): HandoverGate {
  let previous: { view: PoolView; atMonoMs: number } | undefined;
  const pendingReadyAt = new Map<string, number>();
  const active = new Set<string>();
  const barrierPending = new Map<string, ManagementServerId>();

  return {
    update(view, keys, nowMonoMs) {
      const takenOver = new Map<string, ManagementServerId>();
      const onlyLeaves =
        previous !== undefined &&
        nowMonoMs - previous.atMonoMs <= timings.maxViewGapMs &&
        view.eligible.every((m) => previous!.view.eligible.includes(m));
      const present = new Set<string>();
      for (const key of keys) {
        present.add(key);
        if (rendezvousOwner(key, view.eligible) !== me) {
          active.delete(key);
          pendingReadyAt.delete(key);
          barrierPending.delete(key);
          continue;
        }
        if (active.has(key)) continue;
        const blockedBy = barrierPending.get(key);
        if (blockedBy !== undefined) {
          barrierPending.delete(key);
          active.add(key);
          takenOver.set(key, blockedBy);
          continue;
        }
        if (!pendingReadyAt.has(key)) {
          const before = onlyLeaves ? rendezvousOwner(key, previous!.view.eligible) : undefined;
          const immediate = before !== undefined && (before === me || !view.live.includes(before));
          pendingReadyAt.set(key, immediate ? nowMonoMs : nowMonoMs + timings.handoverMs);
          if (immediate && before !== me) takenOver.set(key, before);
        }
        if ((pendingReadyAt.get(key) ?? Infinity) <= nowMonoMs) {
          pendingReadyAt.delete(key);
          active.add(key);
        }
      }
      for (const key of [...active]) if (!present.has(key)) active.delete(key);
      for (const key of [...pendingReadyAt.keys()]) if (!present.has(key)) pendingReadyAt.delete(key);
      for (const key of [...barrierPending.keys()]) if (!present.has(key)) barrierPending.delete(key);
      previous = { view, atMonoMs: nowMonoMs };
      return { active: new Set(active), takenOver };
    },
    revoke(keys) {
      // Without a trusted previous view, the revoked keys can only come back through the wait.
      previous = undefined;
      for (const key of keys) {
        active.delete(key);
        pendingReadyAt.delete(key);
      }
    },
    retryBarrier(keys) {
      for (const [key, from] of keys) {
        active.delete(key);
        pendingReadyAt.delete(key);
        barrierPending.set(key, from);
      }
    },
    reset() {
      previous = undefined;
      pendingReadyAt.clear();
      barrierPending.clear();
      active.clear();
    },
  };
}
