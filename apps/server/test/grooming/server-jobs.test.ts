import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { FakeClock, silentLogger } from '@vigil/core';
import type { Store } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { operationalJobs, startServerJobs } from '../../src/grooming/server-jobs.ts';
import { startMaintenance } from '../../src/maintenance/maintenance.service.ts';
import { flagged, seedObjects } from '../maintenance/maintenance-fixtures.ts';

const T0 = Date.UTC(2026, 5, 1, 12);
const MIN = 60_000;

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await delay(25);
  }
  assert.fail(`timed out waiting for ${what}`);
}

for (const dialect of DIALECTS) {
  describe(`server jobs [${dialect}]`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
    });
    afterEach(() => cleanup());

    test('the single-server runner wakes at a window end, not a polling interval later', async () => {
      const clock = new FakeClock(T0);
      const o = await seedObjects(store.db, T0);
      const ended: string[] = [];
      await startMaintenance({ db: store.db, clock }, { objectId: o.web01, recursive: true, endMs: T0 + 10 * MIN, reason: 'other', planned: false, by: 'alice' });
      const jobs = startServerJobs({
        db: store.db, clock, logger: silentLogger(),
        intervalsMs: { 'maintenance-scheduler': 60 * MIN },
        onMaintenance: (e) => void (e.kind === 'ended' && ended.push(e.cause)),
      });
      try {
        await delay(300); // first runs of every job
        assert.equal((await flagged(store.db)).length, 3);
        await clock.advance(10 * MIN);
        // Small steps in case the first run was still in flight when time jumped; far below the 60-minute interval.
        await eventually(async () => (await clock.advance(1_000), ended.length > 0), 'maintenance to end');
        assert.ok(clock.nowMs() < T0 + 20 * MIN);
        assert.deepEqual(ended, ['expired']);
        assert.deepEqual(await flagged(store.db), []);
      } finally {
        await jobs.stop();
      }
    });

    test('jobs run their writes through the pool guard, which can refuse them', async () => {
      const clock = new FakeClock(T0);
      const o = await seedObjects(store.db, T0);
      await startMaintenance({ db: store.db, clock }, { objectId: o.web01, recursive: false, endMs: T0 + 10 * MIN, reason: 'other', planned: true, by: 'alice' });
      const scheduler = operationalJobs({ db: store.db, clock, logger: silentLogger() }).find((j) => j.name === 'maintenance-scheduler')!;
      await assert.rejects(scheduler.run({ nowMs: T0 + 10 * MIN, guard: async () => { throw new Error('lease lost'); } }), /lease lost/);
      assert.equal((await flagged(store.db)).length, 1, 'a fenced-out run wrote nothing');
      let checked = 0;
      await scheduler.run({ nowMs: T0 + 10 * MIN, guard: async () => void checked++ });
      assert.ok(checked > 0);
      assert.equal((await flagged(store.db)).length, 0);
    });
  });
}
