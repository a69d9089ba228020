import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementServerId, PoolId } from '@vigil/core';
import type { PoolLeaseRow } from '@vigil/store';
import { buildPoolView, type PoolView } from '../../src/pool/pool-view.ts';
import { createHandoverGate } from '../../src/pool/handover-gate.ts';
import { rendezvousOwner } from '../../src/pool/rendezvous-owner.ts';

const POOL = 'pool-1' as PoolId;
const A = 'ms-a' as ManagementServerId;
const B = 'ms-b' as ManagementServerId;
const C = 'ms-c' as ManagementServerId;
const SETTLE = 30_000;

function lease(serverId: ManagementServerId, heldSinceMs: number, expiresAtMs: number): PoolLeaseRow {
  return { serverId, epoch: heldSinceMs, heldSinceMs, renewedAtMs: expiresAtMs - 10_000, expiresAtMs };
}

function view(dbNowMs: number, live: readonly ManagementServerId[], eligible: readonly ManagementServerId[]): PoolView {
  return { poolId: POOL, dbNowMs, live, eligible };
}

test('settle rule: a joining member owns nothing until it has held its lease for settleMs; starting pools are exempt', () => {
  const start = 1_000_000;
  // Pool starting: B and C join within settleMs of A, so all are eligible at once.
  const starting = buildPoolView(POOL, { dbNowMs: start + 5000, leases: [lease(A, start, start + 15_000), lease(B, start + 2000, start + 15_000), lease(C, start + 4000, start + 15_000)] }, SETTLE);
  assert.deepEqual(starting.eligible, [A, B, C]);
  // Later, C returns after a gap (new heldSince): live but not eligible until settled.
  const now = start + 600_000;
  const returning = buildPoolView(POOL, { dbNowMs: now, leases: [lease(A, start, now + 10_000), lease(B, start, now + 10_000), lease(C, now - 5000, now + 10_000)] }, SETTLE);
  assert.deepEqual(returning.live, [A, B, C]);
  assert.deepEqual(returning.eligible, [A, B]);
  const settled = buildPoolView(POOL, { dbNowMs: now + SETTLE, leases: [lease(A, start, now + SETTLE + 10_000), lease(B, start, now + SETTLE + 10_000), lease(C, now - 5000, now + SETTLE + 10_000)] }, SETTLE);
  assert.deepEqual(settled.eligible, [A, B, C]);
  // Expired leases are neither live nor eligible.
  const expired = buildPoolView(POOL, { dbNowMs: now, leases: [lease(A, start, now), lease(B, start, now + 1)] }, SETTLE);
  assert.deepEqual(expired.live, [B]);
});

test('a flapping member wins keys back at most once per settle period', () => {
  const start = 0;
  let heldSince = 100_000;
  let bounces = 0;
  let owned = false;
  const key = Array.from({ length: 50 }, (_, i) => `probe:${i}`).find((k) => rendezvousOwner(k, [A, B, C]) === C)!;
  // C's lease lapses every 10 s for a minute and a half; A and B are steady.
  for (let t = 100_000; t < 190_000; t += 1000) {
    const lapsed = t % 10_000 === 0;
    if (lapsed) heldSince = t + 1000;
    const leases = [lease(A, start, t + 10_000), lease(B, start, t + 10_000), ...(lapsed ? [] : [lease(C, heldSince, t + 10_000)])];
    const v = buildPoolView(POOL, { dbNowMs: t, leases }, SETTLE);
    const nowOwned = rendezvousOwner(key, v.eligible) === C;
    if (nowOwned && !owned) bounces++;
    owned = nowOwned;
  }
  assert.equal(bounces, 0, 'C never settles, so it never takes the key back');
});

test('hand-over: after a crash the new owner starts at once (after the barrier); after a join it waits handoverMs', () => {
  const keys = Array.from({ length: 200 }, (_, i) => `probe:${i}`);
  const gateB = createHandoverGate(B, { handoverMs: 3000, maxViewGapMs: 2000 });
  // First view: B waits handoverMs for everything it owns (it cannot know who worked on it before).
  let d = gateB.update(view(0, [A, B], [A, B]), keys, 0);
  assert.equal(d.active.size, 0);
  d = gateB.update(view(1000, [A, B], [A, B]), keys, 1000);
  assert.equal(d.active.size, 0);
  d = gateB.update(view(3000, [A, B], [A, B]), keys, 3000);
  const ownedByB = keys.filter((k) => rendezvousOwner(k, [A, B]) === B);
  assert.deepEqual([...d.active].sort(), ownedByB.sort());
  // A's lease expires: B takes A's keys at once and is told to pass the barrier for them.
  d = gateB.update(view(4000, [B], [B]), keys, 4000);
  assert.equal(d.active.size, keys.length);
  assert.equal(d.takenOver.size, keys.length - ownedByB.length);
  assert.ok([...d.takenOver.values()].every((from) => from === A));
  // A returns and settles: its keys leave B at once (B stops first) ...
  d = gateB.update(view(5000, [A, B], [A, B]), keys, 5000);
  assert.deepEqual([...d.active].sort(), ownedByB.sort());
  // ... while on A's side the same transition waits handoverMs.
  const gateA = createHandoverGate(A, { handoverMs: 3000, maxViewGapMs: 2000 });
  gateA.update(view(4000, [A, B], [B]), keys, 4000);
  assert.equal(gateA.update(view(5000, [A, B], [A, B]), keys, 5000).active.size, 0);
  assert.equal(gateA.update(view(7000, [A, B], [A, B]), keys, 7000).active.size, 0);
  assert.equal(gateA.update(view(8000, [A, B], [A, B]), keys, 8000).active.size, keys.length - ownedByB.length);
});

test('hand-over: a stale previous view or a live previous owner never allows an immediate start; revoke forces the wait', () => {
  const keys = ['probe:1', 'probe:2', 'probe:3', 'probe:4', 'probe:5', 'probe:6'];
  const gate = createHandoverGate(B, { handoverMs: 3000, maxViewGapMs: 2000 });
  gate.update(view(0, [A, B], [A, B]), keys, 0);
  gate.update(view(3000, [A, B], [A, B]), keys, 3000);
  // Next view arrives 5 s later (older than maxViewGapMs): A's keys wait although A expired.
  const d = gate.update(view(8000, [B], [B]), keys, 8000);
  assert.equal(d.takenOver.size, 0);
  const fromA = keys.filter((k) => rendezvousOwner(k, [A, B]) === A);
  for (const k of fromA) assert.ok(!d.active.has(k));
  // Revoke: the keys come back only through the full wait.
  const gate2 = createHandoverGate(B, { handoverMs: 3000, maxViewGapMs: 2000 });
  gate2.update(view(0, [A, B], [A, B]), keys, 0);
  gate2.update(view(3000, [A, B], [A, B]), keys, 3000);
  const taken = gate2.update(view(4000, [B], [B]), keys, 4000);
  gate2.revoke(taken.takenOver.keys());
  const again = gate2.update(view(4500, [B], [B]), keys, 4500);
  for (const k of fromA) assert.ok(!again.active.has(k));
  assert.equal(gate2.update(view(7500, [B], [B]), keys, 7500).active.size, keys.length);
});

test('hand-over: a barrier that could not pass yet is offered again on every update until it does, and dropped if the key moves on', () => {
  const keys = ['probe:1', 'probe:2', 'probe:3', 'probe:4', 'probe:5', 'probe:6'];
  const fromA = keys.filter((k) => rendezvousOwner(k, [A, B]) === A);
  const gate = createHandoverGate(B, { handoverMs: 3000, maxViewGapMs: 2000 });
  gate.update(view(0, [A, B], [A, B]), keys, 0);
  gate.update(view(3000, [A, B], [A, B]), keys, 3000);
  const taken = gate.update(view(4000, [B], [B]), keys, 4000);
  assert.deepEqual([...taken.takenOver.keys()].sort(), fromA.sort());
  // A's last write still holds its lock: the keys stay off, and return as taken over from A.
  gate.retryBarrier(taken.takenOver);
  const retry = gate.update(view(4300, [B], [B]), keys, 4300);
  for (const k of fromA) assert.ok(retry.active.has(k) && retry.takenOver.get(k) === A, `${k} is offered again behind the barrier`);
  gate.retryBarrier(retry.takenOver);
  // C joins and is eligible at once (starting pool): keys C now owns are no longer B's to retry.
  const moved = gate.update(view(4600, [B, C], [B, C]), keys, 4600);
  for (const [k, from] of moved.takenOver) {
    assert.equal(from, A);
    assert.equal(rendezvousOwner(k, [B, C]), B);
  }
  for (const k of fromA.filter((key) => rendezvousOwner(key, [B, C]) === C)) assert.ok(!moved.active.has(k));
});
