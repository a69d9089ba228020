// Lease expiry and fencing on both dialects, judged by the database clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { newId, type ManagementServerId } from '@vigil/core';
import { ALL_MANAGEMENT_SERVERS_POOL, joinAllServersPool, openPoolLeases, registerManagementServer, type Database } from '@vigil/store';
import { openStore } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';

async function server(db: Database, name: string): Promise<ManagementServerId> {
  return registerManagementServer(db, { id: newId(), name, host: 'h', linkPort: 1, apiPort: 2, version: 't', nowMs: Date.now() });
}

for (const dialect of DIALECTS) {
  test(`leases: renew keeps the epoch, expiry and re-acquire raise it, fences hold only for the current unexpired epoch [${dialect}]`, async () => {
    const { store, cleanup } = await createTestStore(dialect);
    try {
      const db = store.db;
      const a = await server(db, 'ms-a');
      const outsider = await server(db, 'ms-x');
      const poolId = await joinAllServersPool(db, a, Date.now());
      const leases = await openPoolLeases(db);

      assert.deepEqual(await leases.renewOrAcquire(poolId, outsider, null, 1000), { status: 'not-member' });
      const first = await leases.renewOrAcquire(poolId, a, null, 400);
      assert.equal(first.status, 'acquired');

      const dbNow = await leases.dbNowMs();
      assert.ok(Math.abs(dbNow - Date.now()) < 5000, 'database clock is epoch milliseconds');
      assert.ok(first.epoch >= first.dbNowMs - 1, 'epoch is the acquisition time');
      const renewed = await leases.renewOrAcquire(poolId, a, first.epoch, 400);
      assert.equal(renewed.status, 'renewed');

      assert.equal(renewed.epoch, first.epoch);

      const fence = { poolId, serverId: a, epoch: first.epoch };
      assert.equal(await db.transaction().execute((trx) => leases.checkFence(trx, fence)), true);
      assert.equal(await leases.checkFence(db, { ...fence, epoch: first.epoch - 1 }), false, 'an old epoch is fenced');
      assert.equal(await leases.awaitExpired(poolId, a, 1000), 'valid', 'a valid lease is not expired');

      await sleep(500);
      assert.equal(await leases.checkFence(db, fence), false, 'an expired lease is fenced');
      assert.equal(await leases.awaitExpired(poolId, a, 1000), 'expired');
      const snapshot = await leases.snapshot(poolId);
      assert.ok(snapshot.leases[0]!.expiresAtMs <= snapshot.dbNowMs);

      const again = await leases.renewOrAcquire(poolId, a, first.epoch, 1000);
      assert.equal(again.status, 'acquired', 'renewing an expired lease re-acquires it');

      assert.ok(again.epoch > first.epoch);
      assert.equal(await leases.checkFence(db, fence), false, 'the old epoch stays fenced after re-acquire');
      assert.equal(await leases.checkFence(db, { ...fence, epoch: again.epoch }), true);

      await leases.release(poolId, a, again.epoch);
      assert.equal(await leases.checkFence(db, { ...fence, epoch: again.epoch }), false, 'a released lease is fenced at once');
      assert.deepEqual(await leases.membershipsOf(a), [poolId]);
      assert.equal((await db.selectFrom('resource_pool').select('name').executeTakeFirst())?.name, ALL_MANAGEMENT_SERVERS_POOL);
    } finally {
      await cleanup();
    }
  });

  test(`a fenced write and a takeover barrier serialise: the barrier returns only after the write committed [${dialect}]`, async () => {
    const { store, cleanup } = await createTestStore(dialect);
    try {
      const db = store.db;
      const a = await server(db, 'ms-a');
      const poolId = await joinAllServersPool(db, a, Date.now());
      const leases = await openPoolLeases(db);
      const held = await leases.renewOrAcquire(poolId, a, null, 300);
      if (held.status === 'not-member') return assert.fail('not a member');
      const events: string[] = [];
      const writing = db.transaction().execute(async (trx) => {
        assert.equal(await leases.checkFence(trx, { poolId, serverId: a, epoch: held.epoch }), true);
        await sleep(600); // the lease expires while the write is still in flight
        events.push('write committed');
      });
      await sleep(400);
      const barrier = leases.awaitExpired(poolId, a, 5000).then((result) => events.push(`barrier passed (${result})`));
      await Promise.all([writing, barrier]);
      assert.deepEqual(events, ['write committed', 'barrier passed (expired)']);
    } finally {
      await cleanup();
    }
  });

  test(`the takeover barrier gives up after its bound while a write of the old owner still holds the lease lock, and frees it once that session ends [${dialect}]`, async () => {
    const { store, database, cleanup } = await createTestStore(dialect);
    // A second connection plays the peer taking over: on SQLite that is a second handle on the
    // file, on PostgreSQL a second pool, so the held lock is another session's as in production.
    const peer = await openStore(database.url, { busyTimeoutMs: 200 });
    try {
      const a = await server(store.db, 'ms-a');
      const poolId = await joinAllServersPool(store.db, a, Date.now());
      const leases = await openPoolLeases(store.db);
      const peerLeases = await openPoolLeases(peer.db);
      const held = await leases.renewOrAcquire(poolId, a, null, 200);
      if (held.status === 'not-member') return assert.fail('not a member');
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const stuckWrite = store.db.transaction().execute(async (trx) => {
        assert.equal(await leases.checkFence(trx, { poolId, serverId: a, epoch: held.epoch }), true);
        await finished; // like a member cut off from the database in the middle of a write
      });
      await sleep(300);
      const startedAt = Date.now();
      assert.equal(await peerLeases.awaitExpired(poolId, a, 200), 'busy');
      assert.ok(Date.now() - startedAt < 2000, `the barrier returned after ${Date.now() - startedAt} ms`);
      finish();
      await stuckWrite;
      assert.equal(await peerLeases.awaitExpired(poolId, a, 200), 'expired');
    } finally {
      await peer.close();
      await cleanup();
    }
  });
}
