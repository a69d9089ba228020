import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, isVigilError } from '@vigil/core';
import type { Store } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import {
  createMaintenanceSchedule, deleteMaintenanceSchedule, listMaintenanceSchedules, previewMaintenanceSchedule, updateMaintenanceSchedule,
  type MaintenanceScheduleInput,
} from '../../src/maintenance/maintenance-schedule.service.ts';
import { runMaintenanceScheduler } from '../../src/maintenance/maintenance-scheduler.ts';
import { stopMaintenance } from '../../src/maintenance/maintenance.service.ts';
import type { MaintenanceContext } from '../../src/maintenance/maintenance-context.ts';
import { CONTAINS, flagged, seedObjects, sorted, type MaintenanceFixture } from './maintenance-fixtures.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`maintenance schedules [${dialect}]`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let clock: FakeClock;
    let ctx: MaintenanceContext;
    let o: MaintenanceFixture;

    beforeEach(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      clock = new FakeClock(Date.UTC(2026, 2, 27, 12));
      ctx = { db: store.db, clock, containmentRelationships: [CONTAINS] };
      o = await seedObjects(store.db, clock.nowMs());
    });
    afterEach(() => cleanup());

    const nightly = (time: string, fromDate: string): MaintenanceScheduleInput => ({
      name: 'nightly patching', objectId: o.web01, recursive: true, timeZone: 'Europe/Berlin',
      recurrence: { kind: 'daily', time, fromDate }, durationMs: HOUR, reason: 'operating-system-reconfiguration', planned: true,
    });

    /** Runs the scheduler at `atIso` and says whether web01 is in maintenance afterwards. */
    const at = async (atIso: string): Promise<boolean> => {
      clock.setWallClock(Date.parse(atIso));
      await runMaintenanceScheduler(ctx, clock.nowMs());
      return (await flagged(store.db)).includes(o.web01);
    };

    test('Berlin spring forward: 01:00 local stays 01:00 (00:00Z before, 23:00Z after); 02:30 moves to 03:00 CEST', async () => {
      const early = await createMaintenanceSchedule(ctx, nightly('01:00', '2026-03-28'), 'alice');
      const preview = await previewMaintenanceSchedule(ctx, early.id, Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 31));
      assert.deepEqual(preview.map((w) => iso(w.startMs)), ['2026-03-28T00:00:00.000Z', '2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z', '2026-03-30T23:00:00.000Z']);

      assert.equal(await at('2026-03-27T23:59:00Z'), false);
      assert.equal(await at('2026-03-28T00:00:00Z'), true, 'starts at 01:00 CET');
      assert.equal(await at('2026-03-28T01:00:00Z'), false, 'ends after 60 real minutes');
      assert.equal(await at('2026-03-29T22:59:00Z'), false);
      assert.equal(await at('2026-03-29T23:00:00Z'), true, 'starts at 01:00 CEST');
      assert.equal(await at('2026-03-30T00:00:00Z'), false);

      await deleteMaintenanceSchedule(ctx, early.id);
      const gap = await createMaintenanceSchedule(ctx, nightly('02:30', '2026-03-29'), 'alice');
      const shifted = await previewMaintenanceSchedule(ctx, gap.id, Date.UTC(2026, 2, 29), Date.UTC(2026, 2, 29, 12));
      assert.equal(iso(shifted[0]!.startMs), '2026-03-29T01:00:00.000Z');
      assert.equal(shifted[0]?.adjustment, 'gap-shifted');
      assert.equal(await at('2026-03-29T00:59:00Z'), false);
      assert.equal(await at('2026-03-29T01:00:00Z'), true, 'the missing 02:30 opens at 03:00 CEST');
    });

    test('Berlin fall back: 02:30 opens once, at its first occurrence (CEST), and lasts 60 real minutes', async () => {
      clock.setWallClock(Date.UTC(2026, 9, 24, 12));
      const schedule = await createMaintenanceSchedule(ctx, nightly('02:30', '2026-10-24'), 'alice');
      const windows = await previewMaintenanceSchedule(ctx, schedule.id, Date.UTC(2026, 9, 24, 12), Date.UTC(2026, 9, 26, 12));
      assert.deepEqual(windows.map((w) => [iso(w.startMs), w.adjustment]), [
        ['2026-10-25T00:30:00.000Z', 'ambiguous-first'],
        ['2026-10-26T01:30:00.000Z', 'exact'],
      ]);
      assert.equal(await at('2026-10-25T00:29:00Z'), false);
      assert.equal(await at('2026-10-25T00:30:00Z'), true);
      assert.equal(await at('2026-10-25T01:29:00Z'), true);
      assert.equal(await at('2026-10-25T01:30:00Z'), false, 'the second 02:30 (CET) does not open it again');
      assert.equal(await at('2026-10-25T01:45:00Z'), false);
      const rows = await store.db.selectFrom('maintenance_window').select(['starts_at', 'ended_at', 'schedule_id']).execute();
      assert.equal(rows.length, 1);
      assert.equal(Number(rows[0]?.ended_at), Date.UTC(2026, 9, 25, 1, 30));
    });

    test('a schedule created inside its window starts it at once; a stopped window is not reopened', async () => {
      clock.setWallClock(Date.UTC(2026, 3, 1, 10, 15)); // 12:15 CEST
      const input: MaintenanceScheduleInput = { ...nightly('12:00', '2026-04-01'), recurrence: { kind: 'once', date: '2026-04-01', time: '12:00' } };
      await createMaintenanceSchedule(ctx, input, 'alice');
      assert.deepEqual(await flagged(store.db), sorted([o.web01, o.disk, o.folder]));
      await stopMaintenance(ctx, o.web01, 'bob');
      assert.equal(await at('2026-04-01T10:20:00Z'), false);
      const rows = await store.db.selectFrom('maintenance_window').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.started_by, 'schedule:nightly patching');
    });

    test('weekly and monthly schedules; disabled schedules start nothing; CRUD validates', async () => {
      clock.setWallClock(Date.UTC(2026, 4, 31, 12)); // Sunday 31 May 2026
      const weekly = await createMaintenanceSchedule(ctx, { ...nightly('22:00', '2026-05-31'), recurrence: { kind: 'weekly', time: '22:00', fromDate: '2026-05-31', daysOfWeek: ['sunday'] } }, 'alice');
      const monthly = await createMaintenanceSchedule(ctx, { ...nightly('03:00', '2026-05-01'), objectId: o.web02, recursive: false, recurrence: { kind: 'monthly', time: '03:00', fromDate: '2026-05-01', dayOfMonth: 'last' } }, 'alice');
      assert.equal((await listMaintenanceSchedules(ctx)).length, 2);
      assert.equal(await at('2026-05-31T20:00:00Z'), true, 'Sunday 22:00 CEST');
      assert.equal(await at('2026-05-31T21:00:00Z'), false);
      assert.ok(!(await flagged(store.db)).includes(o.web02));
      clock.setWallClock(Date.UTC(2026, 5, 30, 1, 10)); // 30 June 03:10 CEST, the month's last day
      await runMaintenanceScheduler(ctx, clock.nowMs());
      assert.deepEqual(await flagged(store.db), [o.web02]);

      await updateMaintenanceSchedule(ctx, weekly.id, { ...nightly('22:00', '2026-05-31'), recurrence: { kind: 'weekly', time: '22:00', fromDate: '2026-05-31', daysOfWeek: ['sunday'] }, enabled: false });
      assert.equal(await at('2026-06-07T20:10:00Z'), false, 'disabled');
      await assert.rejects(
        updateMaintenanceSchedule(ctx, monthly.id, { ...nightly('25:00', '2026-05-01'), timeZone: 'Mars/Olympus' }),
        (e) => isVigilError(e, 'VALIDATION_FAILED') && /timeZone/.test(e.message) && /time "25:00"/.test(e.message),
      );
      await assert.rejects(createMaintenanceSchedule(ctx, { ...nightly('01:00', '2026-05-01'), durationMs: MIN }, 'alice'), (e) => isVigilError(e, 'VALIDATION_FAILED'));
      await assert.rejects(deleteMaintenanceSchedule(ctx, 'nope'), (e) => isVigilError(e, 'NOT_FOUND'));
    });
  });
}
