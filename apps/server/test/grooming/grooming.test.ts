import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, isVigilError, newId, newUuid, type AgentId, type ObjectId } from '@vigil/core';
import { insertAgent, upsertMonitoringObject, type Store } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { groomOperationalData } from '../../src/grooming/operational-grooming.ts';
import { autoResolveStaleAlerts } from '../../src/grooming/stale-alert-resolver.ts';
import { DEFAULT_GROOMING_RETENTION } from '../../src/grooming/grooming-retention.ts';
import type { GroomingContext } from '../../src/grooming/grooming-context.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 6, 1);

for (const dialect of DIALECTS) {
  describe(`grooming [${dialect}]`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let ctx: GroomingContext;
    let objectId: ObjectId;

    beforeEach(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      ctx = { db: store.db, clock: new FakeClock(NOW) };
      objectId = await upsertMonitoringObject(store.db, { classId: 'Vigil.Test.Computer', objectKey: 'web01', displayName: 'web01', nowMs: NOW - 60 * DAY });
    });
    afterEach(() => cleanup());

    const alert = async (name: string, o: { state: number; raisedDaysAgo: number; resolvedDaysAgo?: number; kind?: 'monitor' | 'rule'; source?: string }) => {
      const id = newUuid(NOW);
      const raisedAt = NOW - o.raisedDaysAgo * DAY;
      await store.db.insertInto('alert').values({
        id, name, description: '', severity: 'warning', priority: 'medium', resolution_state: o.state, object_id: objectId,
        source_kind: o.kind ?? 'rule', source_id: o.source ?? 'Vigil.Test.Rule', suppression_key: o.kind === 'monitor' ? null : name, repeat_count: 0,
        owner: null, ticket_id: null, raised_at: raisedAt, last_modified_at: o.resolvedDaysAgo === undefined ? raisedAt : NOW - o.resolvedDaysAgo * DAY,
        resolved_at: o.resolvedDaysAgo === undefined ? null : NOW - o.resolvedDaysAgo * DAY, context_json: '{}',
      }).execute();
      await store.db.insertInto('alert_history').values({ id: newUuid(raisedAt), alert_id: id, at: raisedAt, by: 'system', kind: 'raised', from_value: null, to_value: '0', comment: null }).execute();
      return id;
    };
    const names = async (table: 'alert' | 'event') => (await store.db.selectFrom(table).select(table === 'alert' ? 'name' : 'message as name').execute()).map((r) => r.name).sort();
    const count = async (table: 'alert_history' | 'perf_sample' | 'state_change' | 'maintenance_window' | 'received_batch' | 'monitor_state' | 'monitoring_object' | 'perf_series') =>
      Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const event = (message: string, daysAgo: number) =>
      store.db.insertInto('event').values({ id: newUuid(), object_id: objectId, object_key: 'web01', agent_id: null, event_id: '1', level: 'info', message, at: NOW - daysAgo * DAY, data_json: '{}' }).execute();

    test('SCOM defaults: 7 days of resolved alerts (with history), events, perf, state changes, maintenance history, batches, deleted objects; open alerts kept', async () => {
      await alert('resolved-old', { state: 255, raisedDaysAgo: 20, resolvedDaysAgo: 8 });
      await alert('resolved-recent', { state: 254, raisedDaysAgo: 20, resolvedDaysAgo: 6 });
      await alert('open-ancient', { state: 0, raisedDaysAgo: 400 });
      await alert('acknowledged-old', { state: 249, raisedDaysAgo: 100 });
      await event('old', 8);
      await event('new', 1);
      for (const [s, key] of [['s1', 'a'], ['s2', 'b']] as const) {
        await store.db.insertInto('perf_series').values({ id: s, object_id: objectId, object_key: key, counter: 'cpu', instance: '', created_at: NOW - 30 * DAY }).execute();
        await store.db.insertInto('perf_sample').values([{ series_id: s, at: NOW - 8 * DAY, value: 1 }, { series_id: s, at: NOW - DAY, value: 2 }]).execute();
      }
      for (const daysAgo of [9, 2]) {
        await store.db.insertInto('state_change').values({ id: newUuid(), object_id: objectId, monitor_id: 'm', from_state: 'healthy', to_state: 'warning', at: NOW - daysAgo * DAY, context_json: '{}' }).execute();
      }
      const windowRow = (endedDaysAgo: number | null) => ({
        id: newUuid(), object_id: objectId, recursive: 1, starts_at: NOW - 30 * DAY, ends_at: NOW + DAY, ended_at: endedDaysAgo === null ? null : NOW - endedDaysAgo * DAY,
        reason: 'other', planned: 1, comment: '', started_by: 'a', schedule_id: null,
      });
      await store.db.insertInto('maintenance_window').values([windowRow(8), windowRow(3), windowRow(null)]).execute();
      const agentId = newId<AgentId>();
      await insertAgent(store.db, { id: agentId, name: 'web01', hostName: 'web01', csrPem: 'CSR', approvalState: 'approved', nowMs: NOW, decidedBy: 'test' });
      await store.db.updateTable('agent').set({ high_water_seq: 10 }).where('id', '=', agentId).execute();
      await store.db.insertInto('received_batch').values([
        { source_id: agentId, seq: 9, received_at: NOW - 8 * DAY },
        { source_id: agentId, seq: 12, received_at: NOW - 8 * DAY }, // above the mark: still guards a replay
        { source_id: agentId, seq: 10, received_at: NOW - DAY },
      ]).execute();
      const gone = await upsertMonitoringObject(store.db, { classId: 'Vigil.Test.Disk', objectKey: 'web01/C:', displayName: 'C:', hostId: objectId, nowMs: NOW - 20 * DAY });
      const goneRecently = await upsertMonitoringObject(store.db, { classId: 'Vigil.Test.Disk', objectKey: 'web01/D:', displayName: 'D:', hostId: objectId, nowMs: NOW - 20 * DAY });
      await store.db.updateTable('monitoring_object').set({ deleted_at: NOW - 8 * DAY }).where('id', '=', gone).execute();
      await store.db.updateTable('monitoring_object').set({ deleted_at: NOW - 2 * DAY }).where('id', '=', goneRecently).execute();
      for (const id of [gone, goneRecently]) {
        await store.db.insertInto('monitor_state').values({ object_id: id, monitor_id: 'm', state: 'healthy', changed_at: NOW - 9 * DAY, context_json: '{}' }).execute();
      }

      const result = await groomOperationalData(ctx, NOW);
      assert.deepEqual(result.deleted, { resolvedAlerts: 1, events: 1, perfSamples: 2, stateChanges: 1, maintenanceHistory: 1, receivedBatches: 1, deletedObjects: 1 });
      assert.equal(result.interrupted, false);
      assert.deepEqual(await names('alert'), ['acknowledged-old', 'open-ancient', 'resolved-recent']);
      assert.equal(await count('alert_history'), 3, 'history went with its alert');
      assert.deepEqual(await names('event'), ['new']);
      assert.equal(await count('perf_sample'), 2);
      assert.equal(await count('state_change'), 1);
      assert.equal(await count('maintenance_window'), 2, 'recent history and the active window stay');
      assert.deepEqual((await store.db.selectFrom('received_batch').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq)), [10, 12]);
      assert.equal(await count('monitor_state'), 1);
      assert.ok(!(await store.db.selectFrom('monitoring_object').select('id').execute()).some((r) => r.id === gone));
    });

    test('retention is configurable per dataset and validated', async () => {
      await event('ten days', 10);
      await event('forty days', 40);
      await alert('resolved-10', { state: 254, raisedDaysAgo: 20, resolvedDaysAgo: 10 });
      const result = await groomOperationalData(ctx, NOW, { ...DEFAULT_GROOMING_RETENTION, events: 30, resolvedAlerts: 14 });
      assert.deepEqual(await names('event'), ['ten days']);
      assert.deepEqual(await names('alert'), ['resolved-10']);
      assert.equal(result.deleted.events, 1);
      await assert.rejects(groomOperationalData(ctx, NOW, { ...DEFAULT_GROOMING_RETENTION, perfSamples: 0 }), (e) => isVigilError(e, 'VALIDATION_FAILED') && /perfSamples/.test(e.message));
    });

    test('deletes in bounded batches (one short transaction each) and stops between batches when aborted', async () => {
      for (let i = 0; i < 10; i++) await event(`e${i}`, 8 + i);
      const result = await groomOperationalData(ctx, NOW, DEFAULT_GROOMING_RETENTION, { batchSize: 3 });
      assert.equal(result.deleted.events, 10);
      // 4 event batches (3+3+3+1) plus one per other dataset plus the perf pass.
      assert.ok(result.batches >= 4 + 5, `batches: ${result.batches}`);

      for (let i = 0; i < 5; i++) await event(`f${i}`, 9);
      const controller = new AbortController();
      controller.abort();
      const interrupted = await groomOperationalData({ ...ctx, signal: controller.signal }, NOW, DEFAULT_GROOMING_RETENTION, { batchSize: 3 });
      assert.equal(interrupted.interrupted, true);
      assert.equal((await names('event')).length, 5);
    });

    test('alerts in New for 30 days auto-resolve with history; unhealthy monitors keep theirs; younger or acknowledged alerts stay', async () => {
      const rule = await alert('rule-old', { state: 0, raisedDaysAgo: 31 });
      const healthyMonitor = await alert('monitor-healthy', { state: 0, raisedDaysAgo: 31, kind: 'monitor', source: 'Vigil.Test.M1' });
      await alert('monitor-critical', { state: 0, raisedDaysAgo: 31, kind: 'monitor', source: 'Vigil.Test.M2' });
      await alert('rule-young', { state: 0, raisedDaysAgo: 29 });
      await alert('acknowledged', { state: 249, raisedDaysAgo: 90 });
      await store.db.insertInto('monitor_state').values([
        { object_id: objectId, monitor_id: 'Vigil.Test.M1', state: 'healthy', changed_at: NOW - DAY, context_json: '{}' },
        { object_id: objectId, monitor_id: 'Vigil.Test.M2', state: 'critical', changed_at: NOW - 31 * DAY, context_json: '{}' },
      ]).execute();
      const told: string[] = [];
      const result = await autoResolveStaleAlerts({ ...ctx, onAlertsResolved: (a) => told.push(...a.map((x) => x.alertId)) }, NOW);
      assert.deepEqual([...result.resolved].sort(), [rule, healthyMonitor].sort());
      assert.deepEqual(told.sort(), [rule, healthyMonitor].sort());
      assert.equal(result.keptOpen, 1);
      const rows = await store.db.selectFrom('alert').select(['name', 'resolution_state', 'resolved_at']).orderBy('name').execute();
      assert.deepEqual(rows.map((r) => [r.name, r.resolution_state]), [['acknowledged', 249], ['monitor-critical', 0], ['monitor-healthy', 255], ['rule-old', 255], ['rule-young', 0]]);
      assert.equal(Number(rows.find((r) => r.name === 'rule-old')?.resolved_at), NOW);
      const history = await store.db.selectFrom('alert_history').selectAll().where('alert_id', '=', rule).orderBy('at').execute();
      assert.equal(history.length, 2);
      assert.equal(history[1]?.to_value, '255');
      assert.match(history[1]?.comment ?? '', /30 days/);
      assert.equal((await autoResolveStaleAlerts(ctx, NOW)).resolved.length, 0, 'a second run changes nothing');
    });
  });
}
