// The monitoring read and alert routes on both dialects: the alert view (filters, sort, capped
// total), one alert with history and context, alert changes (acknowledge, owner, custom state,
// close refused while the monitor is unhealthy, bulk), the state view with derived classes and
// health tree, performance downsampling, events, state changes, and group scopes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertBulkResult, AlertDetail, AlertView, CappedPage, MonitoringObjectView, ObjectDetail, PerfSamples, PerfSeriesView, EventView, StateChangeView } from '@vigil/protocol';
import { DIALECTS } from '@vigil/store/testing';
import { startApiHarness } from './api-harness.ts';
import { importPacks, seedEstate, CPU_MONITOR } from './monitoring-fixtures.ts';

for (const dialect of DIALECTS) {
  test(`alerts: view, detail, changes and bulk [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const estate = await seedEstate(h.store.db, h.clock);
      await h.createUser('op', [{ profile: 'operator' }]);
      await h.createUser('ro', [{ profile: 'read-only-operator' }]);
      const op = await h.login('op', 'token');
      const ro = await h.login('ro');
      const list = async (query: string) => (await h.call(ro, 'GET', `/api/v1/alerts${query}`)).json<CappedPage<AlertView>>();

      const open = await list('');
      assert.equal(open.total, 2);
      assert.equal(open.totalExact, true);
      assert.deepEqual(open.items.map((a) => a.name), ['Log error seen', 'CPU busy'], 'newest first');
      assert.equal(open.items[1]!.objectDisplayName, 'web01.example.test');
      assert.equal((await list('?severity=critical')).items.length, 1);
      assert.equal((await list('?sort=-severity')).items[0]!.severity, 'critical');
      assert.equal((await list(`?objectId=${estate.computers[1]}`)).items[0]!.id, estate.ruleAlert);
      assert.equal((await list('?classId=Vigil.Core.Entity')).total, 2, 'derived classes included');
      assert.equal((await list(`?groupId=${estate.groupId}`)).total, 2);
      assert.equal((await list('?q=cpu')).total, 1);
      assert.equal((await list('?limit=1')).nextOffset, 1);
      assert.equal((await list(`?sinceMs=${h.clock.nowMs() - 600}`)).total, 1);

      const detail = (await h.call(ro, 'GET', `/api/v1/alerts/${estate.monitorAlert}`)).json<AlertDetail>();
      assert.deepEqual(detail.context, { sample: 97.5, threshold: 90 });
      assert.equal(detail.monitorState, 'critical');
      assert.equal(detail.history[0]!.kind, 'raised');

      assert.equal((await h.call(ro, 'PATCH', `/api/v1/alerts/${estate.monitorAlert}`, { resolutionState: 249 })).statusCode, 403);
      const acked = await h.call(op, 'PATCH', `/api/v1/alerts/${estate.monitorAlert}`, { resolutionState: 249, owner: 'alice', ticketId: 'INC-1', comment: 'looking' });
      assert.equal(acked.statusCode, 200, acked.body);
      assert.equal(acked.json<AlertView>().resolutionStateName, 'Acknowledged');
      assert.equal(acked.json<AlertView>().owner, 'alice');
      const history = (await h.call(ro, 'GET', `/api/v1/alerts/${estate.monitorAlert}`)).json<AlertDetail>().history;
      assert.deepEqual(history.map((e) => e.kind).sort(), ['owner', 'raised', 'resolution-state', 'ticket']);
      assert.equal(history.at(-1)!.by, 'op');

      const refused = await h.call(op, 'PATCH', `/api/v1/alerts/${estate.monitorAlert}`, { resolutionState: 255 });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json<{ error: { code: string } }>().error.code, 'ALERT_SOURCE_UNHEALTHY');
      assert.equal((await h.call(op, 'PATCH', `/api/v1/alerts/${estate.ruleAlert}`, { resolutionState: 252 })).statusCode, 400, 'reserved state');
      assert.equal((await h.call(op, 'PATCH', `/api/v1/alerts/${estate.ruleAlert}`, { resolutionState: 17 })).json<AlertView>().resolutionStateName, 'Custom 17');

      const bulk = (await h.call(op, 'POST', '/api/v1/alerts/bulk', { ids: [estate.monitorAlert, estate.ruleAlert, 'nope'], update: { resolutionState: 255 } })).json<AlertBulkResult>();
      assert.equal(bulk.updated, 1);
      assert.deepEqual(bulk.results.map((r) => r.error?.code ?? 'ok'), ['ALERT_SOURCE_UNHEALTHY', 'ok', 'NOT_FOUND']);
      assert.equal((await list('')).total, 1);
      assert.equal((await list('?state=closed')).items[0]!.id, estate.ruleAlert);
      const audit = await h.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'alert.%').execute();
      assert.equal(audit.length, 3, 'refused changes are not audited');
    } finally {
      await h.close();
    }
  });

  test(`objects, perf, events and state changes [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const estate = await seedEstate(h.store.db, h.clock);
      await h.createUser('ro', [{ profile: 'read-only-operator' }]);
      const ro = await h.login('ro', 'token');
      const get = async <T>(url: string): Promise<T> => {
        const response = await h.call(ro, 'GET', `/api/v1${url}`);
        assert.equal(response.statusCode, 200, response.body);
        return response.json<T>();
      };
      const computers = await get<CappedPage<MonitoringObjectView>>('/objects?classId=Vigil.Core.Computer&sort=-healthState');
      assert.deepEqual(computers.items.map((o) => o.displayName), ['web01.example.test', 'db01.example.test', 'web02.example.test']);
      assert.equal((await get<CappedPage<MonitoringObjectView>>('/objects?classId=Vigil.Core.Entity')).total, 4);
      assert.equal((await get<CappedPage<MonitoringObjectView>>('/objects?classId=Vigil.Core.Entity&exactClass=true')).total, 0);
      assert.equal((await get<CappedPage<MonitoringObjectView>>('/objects?health=warning,critical')).total, 2);
      assert.equal((await get<CappedPage<MonitoringObjectView>>('/objects?q=web')).total, 3);

      const web01 = await get<ObjectDetail>(`/objects/${estate.computers[0]}`);
      assert.equal(web01.openAlerts, 1);
      assert.deepEqual(web01.groups.map((g) => g.displayName), ['Web servers']);
      const cpu = web01.monitors.find((m) => m.monitorId === CPU_MONITOR)!;
      assert.equal(cpu.state, 'critical');
      assert.deepEqual(cpu.context, { sample: 97.5 });
      const tree = new Map(web01.healthTree.map((n) => [n.monitorId, n]));
      assert.equal(tree.get('entity-health')!.parentId, null);
      assert.equal(tree.get(CPU_MONITOR)!.parentId, 'performance');
      assert.equal(tree.get('performance')!.state, 'critical');
      assert.equal((await get<ObjectDetail>('/objects/web02.example.test')).id, estate.computers[1], 'by object key');
      assert.equal((await get<CappedPage<MonitoringObjectView>>(`/objects/${estate.computers[0]}/children`)).items[0]!.id, estate.disk);

      const series = await get<CappedPage<PerfSeriesView>>(`/perf/series?objectId=${estate.computers[0]}`);
      assert.equal(series.items[0]!.counter, 'cpu.utilization');
      const from = h.clock.nowMs() - 3_600_000;
      const samples = await get<PerfSamples>(`/perf/samples?series=${estate.series}&fromMs=${from}&toMs=${h.clock.nowMs()}&points=12`);
      assert.equal(samples.bucketMs, 300_000);
      assert.equal(samples.series[0]!.points.length, 12);
      assert.deepEqual(samples.series[0]!.points[0], { atMs: from, min: 0, avg: 4.5, max: 9, count: 10 });

      const events = await get<CappedPage<EventView>>('/events?level=error');
      assert.deepEqual(events.items.map((e) => e.message), ['disk full on /var']);
      assert.deepEqual(events.items[0]!.data, { path: '/var' });
      const changes = await get<CappedPage<StateChangeView>>(`/state-changes?objectId=${estate.computers[0]}`);
      assert.equal(changes.items[0]!.toState, 'critical');
      assert.deepEqual(changes.items[0]!.context, { sample: 97.5 });
    } finally {
      await h.close();
    }
  });

  test(`a role scoped to a group sees only its members' objects and alerts [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const estate = await seedEstate(h.store.db, h.clock);
      await h.createUser('scoped', [{ profile: 'operator', groups: ['Web servers'] }]);
      await h.createUser('nowhere', [{ profile: 'operator', groups: ['No such group'] }]);
      const scoped = await h.login('scoped');
      const nowhere = await h.login('nowhere');
      assert.equal((await h.call(scoped, 'GET', '/api/v1/objects')).json<CappedPage<MonitoringObjectView>>().total, 2);
      assert.equal((await h.call(scoped, 'GET', '/api/v1/alerts')).json<CappedPage<AlertView>>().total, 2);
      assert.equal((await h.call(scoped, 'GET', `/api/v1/objects/${estate.computers[2]}`)).statusCode, 404);
      assert.equal((await h.call(nowhere, 'GET', '/api/v1/alerts')).json<CappedPage<AlertView>>().total, 0);
      assert.equal((await h.call(nowhere, 'PATCH', `/api/v1/alerts/${estate.ruleAlert}`, { resolutionState: 249 })).statusCode, 404);
      assert.equal((await h.call(nowhere, 'GET', '/api/v1/events')).json<CappedPage<EventView>>().total, 0);
    } finally {
      await h.close();
    }
  });
}
