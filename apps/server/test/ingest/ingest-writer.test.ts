import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, newId, silentLogger, type AgentId } from '@vigil/core';
import { insertAgent, findAgentById, findObjectByKey, setObjectsInMaintenance, upsertMonitoringObject, type Store } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import type { Item } from '@vigil/protocol';
import { writeBatchGroup, type IngestBatch, type IngestWriterDeps } from '../../src/ingest/ingest-writer.ts';
import { createObjectResolver } from '../../src/ingest/object-resolver.ts';
import { createIngestQueue } from '../../src/ingest/ingest-queue.ts';
import { fixedMonitorRules } from '../../src/health/monitor-rules.ts';

const T0 = Date.UTC(2026, 10, 1);
const DISK = 'Vigil.Linux.LogicalDisk:web01/var';
const FREE_SPACE = 'Vigil.Linux.LogicalDisk.FreeSpace';

for (const dialect of DIALECTS) {
  describe(`ingest writer [${dialect}]`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let deps: IngestWriterDeps;
    let agentId: AgentId;
    const clock = new FakeClock(T0);

    beforeEach(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      agentId = newId<AgentId>();
      await insertAgent(store.db, { id: agentId, name: 'web01', hostName: 'web01', csrPem: 'CSR', approvalState: 'approved', nowMs: T0, decidedBy: 'test' });
      deps = {
        db: store.db,
        clock,
        objects: createObjectResolver(),
        seriesIds: new Map(),
        rules: fixedMonitorRules({ [FREE_SPACE]: { name: 'Disk space is low', priority: 'high', alertOn: 'warning' } }),
      };
    });
    afterEach(() => cleanup());

    const source = () => ({ agentId, agentName: 'web01', hostName: 'web01' });
    const perf = (n: number): Item => ({ kind: 'perf', objectKey: DISK, counter: 'test.seq', value: n, timestampMs: T0 + n });
    const batch = (seq: number, items: Item[]): IngestBatch => ({ source: source(), seq, items });
    const sampleValues = async () =>
      (await store.db.selectFrom('perf_sample').select('value').orderBy('value').execute()).map((r) => r.value);

    test('a replayed batch is acknowledged without writing twice, in one group or later', async () => {
      const first = await writeBatchGroup(deps, [batch(1, [perf(1), perf(2)]), batch(2, [perf(3)]), batch(2, [perf(3)])]);
      assert.deepEqual(first.outcomes.map((o) => o.status), ['committed', 'committed', 'duplicate']);
      const replay = await writeBatchGroup(deps, [batch(1, [perf(1), perf(2)]), batch(3, [perf(4)])]);
      assert.deepEqual(replay.outcomes.map((o) => o.status), ['duplicate', 'committed']);
      assert.deepEqual(await sampleValues(), [1, 2, 3, 4]);
      assert.equal((await findAgentById(store.db, agentId))?.highWaterSeq, 3);
    });

    test('out-of-order batches are deduplicated exactly and the mark stays contiguous', async () => {
      await writeBatchGroup(deps, [batch(2, [perf(2)])]);
      assert.equal((await findAgentById(store.db, agentId))?.highWaterSeq, 0, 'seq 1 is still missing');
      const again = await writeBatchGroup(deps, [batch(2, [perf(2)]), batch(1, [perf(1)])]);
      assert.deepEqual(again.outcomes.map((o) => o.status), ['duplicate', 'committed']);
      assert.equal((await findAgentById(store.db, agentId))?.highWaterSeq, 2);
      assert.deepEqual(await sampleValues(), [1, 2]);
    });

    test('a monitor going unhealthy raises one alert that follows severity and closes on healthy', async () => {
      const change = (seq: number, to: 'warning' | 'critical' | 'healthy', at: number): IngestBatch =>
        batch(seq, [{ kind: 'state-change', objectKey: DISK, monitorId: FREE_SPACE, fromState: 'healthy', toState: to, timestampMs: T0 + at, context: { freePercent: to === 'healthy' ? 40 : 7 } }]);
      const raised = await writeBatchGroup(deps, [change(1, 'warning', 1)]);
      assert.deepEqual(raised.effects.alertChanges.map((c) => c.change), ['raised']);
      await writeBatchGroup(deps, [change(2, 'critical', 2)]);
      const alerts = await store.db.selectFrom('alert').selectAll().execute();
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]?.severity, 'critical');
      assert.equal(alerts[0]?.resolution_state, 0);
      assert.match(alerts[0]!.context_json, /freePercent/);
      const disk = await findObjectByKey(store.db, DISK);
      assert.equal(disk?.healthState, 'critical');
      assert.equal(disk?.classId, 'Vigil.Linux.LogicalDisk');

      await writeBatchGroup(deps, [change(3, 'healthy', 3)]);
      const closed = await store.db.selectFrom('alert').selectAll().executeTakeFirstOrThrow();
      assert.equal(closed.resolution_state, 255);
      assert.equal((await findObjectByKey(store.db, DISK))?.healthState, 'healthy');
      const history = await store.db.selectFrom('alert_history').select(['kind', 'to_value']).where('alert_id', '=', closed.id).orderBy('at').execute();
      assert.deepEqual(history.map((h) => h.kind), ['raised', 'severity', 'resolution-state']);
      const changes = await store.db.selectFrom('state_change').select(['from_state', 'to_state']).orderBy('at').execute();
      assert.deepEqual(changes.map((c) => `${c.from_state}>${c.to_state}`), ['unknown>warning', 'warning>critical', 'critical>healthy']);
    });

    test('no alert is raised for an object in maintenance', async () => {
      const diskId = await upsertMonitoringObject(store.db, { classId: 'Vigil.Linux.LogicalDisk', objectKey: DISK, displayName: '/var', agentId, nowMs: T0 });
      await setObjectsInMaintenance(store.db, [diskId], true);
      await writeBatchGroup(deps, [batch(2, [{ kind: 'state-change', objectKey: DISK, monitorId: FREE_SPACE, fromState: 'healthy', toState: 'critical', timestampMs: T0 + 5, context: {} }])]);
      assert.equal((await store.db.selectFrom('alert').selectAll().execute()).length, 0);
      assert.equal((await findObjectByKey(store.db, DISK))?.healthState, 'critical', 'state is still tracked');
    });

    test('rule alerts count repeats; discovery snapshots add and remove instances', async () => {
      const ruleAlert = (seq: number): IngestBatch =>
        batch(seq, [{ kind: 'alert', objectKey: DISK, origin: { kind: 'rule', ruleId: 'R1' }, severity: 'warning', priority: 'low', name: 'Error in log', description: 'x', timestampMs: T0 + seq, suppressionKey: 'k' }]);
      await writeBatchGroup(deps, [ruleAlert(1), ruleAlert(2), ruleAlert(3)]);
      const alerts = await store.db.selectFrom('alert').selectAll().execute();
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]?.repeat_count, 2);

      const discovery = (seq: number, disks: string[]): IngestBatch =>
        batch(seq, [{ kind: 'discovery', discoveryId: 'D', targetKey: 'Vigil.Core.Computer:web01', timestampMs: T0 + seq, instances: disks.map((d) => ({ classId: 'Vigil.Linux.LogicalDisk', key: `web01/${d}`, properties: { mount: `/${d}` }, hostKey: 'Vigil.Core.Computer:web01' })) }]);
      await writeBatchGroup(deps, [discovery(4, ['var', 'home'])]);
      const live = async () => (await store.db.selectFrom('monitoring_object').select('object_key').where('class_id', '=', 'Vigil.Linux.LogicalDisk').where('deleted_at', 'is', null).orderBy('object_key').execute()).map((r) => r.object_key);
      assert.deepEqual(await live(), ['Vigil.Linux.LogicalDisk:web01/home', 'Vigil.Linux.LogicalDisk:web01/var']);
      const varDisk = await findObjectByKey(store.db, DISK);
      assert.deepEqual(varDisk?.properties, { mount: '/var' });
      await writeBatchGroup(deps, [discovery(5, ['var'])]);
      assert.deepEqual(await live(), ['Vigil.Linux.LogicalDisk:web01/var']);
      assert.equal((await findObjectByKey(store.db, DISK))?.id, varDisk?.id, 'an unchanged instance keeps its id');
    });

    test('the queue groups concurrent submits into few transactions and reports duplicates', async () => {
      const queue = createIngestQueue(deps, silentLogger());
      const outcomes = await Promise.all([1, 2, 3, 4, 5, 3].map((seq) => queue.submit(batch(seq, [perf(seq)]))));
      assert.deepEqual(outcomes.map((o) => o.status), ['committed', 'committed', 'committed', 'committed', 'committed', 'duplicate']);
      assert.ok(queue.stats().groups <= 2, `expected grouping, got ${queue.stats().groups} groups`);
      await queue.close();
      assert.deepEqual(await sampleValues(), [1, 2, 3, 4, 5]);
    });
  });
}
