import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, isVigilError } from '@vigil/core';
import { upsertMonitoringObject, type Store } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { startMaintenance, stopMaintenance, stopMaintenanceWindow, maintenanceStatus } from '../../src/maintenance/maintenance.service.ts';
import { runMaintenanceScheduler } from '../../src/maintenance/maintenance-scheduler.ts';
import { maintenanceReasonChoices, maintenanceReasonLabel } from '../../src/maintenance/maintenance-reasons.ts';
import type { MaintenanceContext, MaintenanceEvent } from '../../src/maintenance/maintenance-context.ts';
import { applyMonitorState } from '../../src/health/monitor-state-applier.ts';
import { fixedMonitorRules } from '../../src/health/monitor-rules.ts';
import { emptyEffects } from '../../src/ingest/ingest-context.ts';
import { CONTAINS, flagged, seedObjects, sorted, type MaintenanceFixture } from './maintenance-fixtures.ts';

const T0 = Date.UTC(2026, 5, 1, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;

for (const dialect of DIALECTS) {
  describe(`maintenance mode [${dialect}]`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let clock: FakeClock;
    let ctx: MaintenanceContext;
    let o: MaintenanceFixture;
    let events: MaintenanceEvent[];

    beforeEach(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      clock = new FakeClock(T0);
      events = [];
      ctx = { db: store.db, clock, containmentRelationships: [CONTAINS], onMaintenance: (e) => events.push(e) };
      o = await seedObjects(store.db, T0);
    });
    afterEach(() => cleanup());

    const start = (objectId: MaintenanceFixture[keyof MaintenanceFixture], recursive: boolean, durationMs = HOUR) =>
      startMaintenance(ctx, { objectId, recursive, endMs: clock.nowMs() + durationMs, reason: 'hardware-maintenance', planned: true, comment: 'RAM', by: 'alice' });

    test('a recursive start flags the object and everything it hosts at once; stop clears them at once', async () => {
      const started = await start(o.web01, true);
      assert.deepEqual(sorted(started.coveredObjectIds), sorted([o.web01, o.disk, o.folder]));
      assert.deepEqual(await flagged(store.db), sorted([o.web01, o.disk, o.folder]));
      assert.equal(events[0]?.kind, 'started');
      assert.deepEqual(sorted(events[0]!.objectIds), sorted([o.web01, o.disk, o.folder]));

      const ended = await stopMaintenance(ctx, o.web01, 'bob');
      assert.equal(ended.length, 1);
      assert.equal(ended[0]?.endedAtMs, T0);
      assert.deepEqual(await flagged(store.db), []);
      const last = events.at(-1)!;
      assert.ok(last.kind === 'ended' && last.cause === 'stopped' && last.by === 'bob');
      const status = await maintenanceStatus(ctx, o.web01);
      assert.equal(status.inMaintenance, false);
      assert.equal(status.windows.length, 1, 'history is kept');
      assert.equal(status.windows[0]?.reason, 'hardware-maintenance');
    });

    test('recursion follows containment relationships; a non-recursive start covers only the object', async () => {
      await start(o.cluster, true);
      assert.deepEqual(await flagged(store.db), sorted([o.cluster, o.web02]));
      await start(o.disk, false);
      assert.deepEqual(await flagged(store.db), sorted([o.cluster, o.web02, o.disk]));
    });

    test('overlapping windows: ending one keeps objects another active window still covers', async () => {
      await start(o.web01, true, HOUR);
      await start(o.disk, false, 2 * HOUR);
      await start(o.web01, true, 3 * HOUR);
      // Stopping by window leaves web01's other recursive window in force.
      const first = (await maintenanceStatus(ctx, o.web01)).windows.find((w) => w.endsAtMs === T0 + HOUR)!;
      await stopMaintenanceWindow(ctx, first.id, 'bob');
      assert.deepEqual(await flagged(store.db), sorted([o.web01, o.disk, o.folder]));

      await stopMaintenance(ctx, o.web01, 'bob');
      assert.deepEqual(await flagged(store.db), [o.disk], 'the disk has a window of its own');
      const left = events.at(-1)!;
      assert.deepEqual(sorted(left.objectIds), sorted([o.web01, o.folder]));

      await clock.advance(2 * HOUR);
      const run = await runMaintenanceScheduler(ctx, clock.nowMs());
      assert.equal(run.ended.length, 1);
      assert.equal(run.ended[0]?.endedAtMs, T0 + 2 * HOUR, 'an expired window ends at its planned end');
      assert.deepEqual(await flagged(store.db), []);
    });

    test('expiry: the scheduler ends a window once its end has come, not before', async () => {
      await start(o.web01, true, 10 * MIN);
      await clock.advance(9 * MIN);
      let run = await runMaintenanceScheduler(ctx, clock.nowMs());
      assert.equal(run.ended.length, 0);
      assert.equal(run.nextDueMs, T0 + 10 * MIN);
      await clock.advance(MIN);
      run = await runMaintenanceScheduler(ctx, clock.nowMs());
      assert.equal(run.ended.length, 1);
      assert.deepEqual(await flagged(store.db), []);
      const last = events.at(-1)!;
      assert.ok(last.kind === 'ended' && last.cause === 'expired');
    });

    test('objects discovered under a host in recursive maintenance join it on the next scheduler run', async () => {
      await start(o.web01, true);
      const newDisk = await upsertMonitoringObject(store.db, { classId: 'Vigil.Test.Disk', objectKey: 'web01/D:', displayName: 'D:', hostId: o.web01, nowMs: T0 });
      const run = await runMaintenanceScheduler(ctx, clock.nowMs());
      assert.equal(run.joined, 1);
      assert.ok((await flagged(store.db)).includes(newDisk));
    });

    test('limits and refusals: 5 minutes to 2 years, reason fits planned, stop on an inherited object', async () => {
      await assert.rejects(start(o.web01, true, 4 * MIN), (e) => isVigilError(e, 'VALIDATION_FAILED'));
      await assert.rejects(start(o.web01, true, 731 * 24 * HOUR), (e) => isVigilError(e, 'VALIDATION_FAILED'));
      await assert.rejects(
        startMaintenance(ctx, { objectId: o.web01, recursive: true, endMs: T0 + HOUR, reason: 'security-issue', planned: true, by: 'alice' }),
        (e) => isVigilError(e, 'VALIDATION_FAILED') && /always unplanned/.test(e.message),
      );
      await start(o.web01, true, 5 * MIN);
      await assert.rejects(stopMaintenance(ctx, o.disk, 'bob'), (e) => isVigilError(e, 'MAINTENANCE_INHERITED') && e.message.includes(o.web01));
      await assert.rejects(stopMaintenance(ctx, o.web02, 'bob'), (e) => isVigilError(e, 'NOT_FOUND'));
      assert.equal(maintenanceReasonLabel('application-installation', true), 'Application: Installation (Planned)');
      assert.ok(maintenanceReasonChoices().some((c) => c.label === 'Other (Unplanned)'));
      assert.ok(!maintenanceReasonChoices().some((c) => c.label === 'Application: Installation (Unplanned)'));
    });

    test('no alert is raised while in maintenance; an open alert still resolves; alerts resume after stop', async () => {
      const monitorId = 'Vigil.Test.Disk.FreeSpace';
      const health = { trx: store.db, rules: fixedMonitorRules({ [monitorId]: { name: 'Disk space low', priority: 'high', alertOn: 'warning' } }), effects: emptyEffects(), clock };
      const change = (toState: 'healthy' | 'warning' | 'critical', atMs: number) => applyMonitorState(health, { objectId: o.disk, monitorId, toState, atMs, context: {} });
      const alerts = () => store.db.selectFrom('alert').select(['resolution_state']).orderBy('raised_at').execute();

      await start(o.web01, true);
      await change('warning', T0 + 1);
      assert.deepEqual(await alerts(), [], 'suppressed at once, without waiting for any poll');

      await stopMaintenance(ctx, o.web01, 'alice');
      await change('critical', T0 + 2);
      assert.equal((await alerts()).length, 1);

      await start(o.web01, true);
      await change('healthy', T0 + 3);
      assert.deepEqual((await alerts()).map((a) => a.resolution_state >= 254), [true], 'the open alert followed its monitor');
    });
  });
}
