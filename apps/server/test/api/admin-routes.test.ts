// The administration families on both dialects: packs (validate with file:line problems,
// import, export round trip, remove), overrides (set into Vigil.Overrides, effective value with
// winner and candidates), maintenance (start takes effect at once, list, stop), groups (create,
// members, health), tasks (queued for the object's agent, result polled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  EffectiveOverride, GroupHealthView, GroupMembers, MaintenanceStarted, MonitoringGroupView, ObjectDetail, OverrideSetResult, PackExport, PackImportResult, PackValidation, TaskView,
} from '@vigil/protocol';
import { upsertMonitoringObject } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { startApiHarness } from './api-harness.ts';
import { importPacks, seedEstate, CPU_MONITOR } from './monitoring-fixtures.ts';
import { testPackYaml } from './monitoring-matrix.ts';

for (const dialect of DIALECTS) {
  test(`packs, overrides, maintenance, groups and tasks [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const estate = await seedEstate(h.store.db, h.clock);
      await h.createUser('admin1', [{ profile: 'administrator' }]);
      const admin = await h.login('admin1', 'token');
      const call = async <T>(method: string, url: string, body?: unknown, status = 200): Promise<T> => {
        const response = await h.call(admin, method, `/api/v1${url}`, body);
        assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
        return (response.body ? response.json() : undefined) as T;
      };

      const broken = await call<PackValidation>('POST', '/packs/validate', { yaml: 'pack:\n  name: Bad\n', file: 'bad.pack.yaml' });
      assert.equal(broken.valid, false);
      assert.match(broken.problems[0]!, /^bad\.pack\.yaml:\d+/);
      const imported = await call<PackImportResult>('POST', '/packs', { yaml: testPackYaml('Test.RoundTrip') });
      assert.equal(imported.outcome, 'install');
      const exported = await call<PackExport>('GET', '/packs/Test.RoundTrip/export');
      assert.equal(exported.yaml, testPackYaml('Test.RoundTrip'));
      await call('DELETE', '/packs/Test.RoundTrip', undefined, 204);
      await call('DELETE', '/packs/Vigil.Core', undefined, 409);

      const web01 = estate.computers[0]!;
      const set = await call<OverrideSetResult>('POST', '/overrides', { workflowId: CPU_MONITOR, parameter: 'critical', value: 90, context: { kind: 'instance', id: web01 } });
      assert.equal(set.packName, 'Vigil.Overrides');
      await call<OverrideSetResult>('POST', '/overrides', { workflowId: CPU_MONITOR, parameter: 'critical', value: 80, context: { kind: 'class', id: 'Vigil.Core.Computer' } });
      const effective = await call<EffectiveOverride>('GET', `/overrides/effective?objectId=${web01}&workflowId=${CPU_MONITOR}&parameter=critical`);
      assert.equal(effective.kind, 'overridden');
      assert.equal(effective.value, 90);
      assert.equal(effective.defaultValue, 95);
      assert.equal(effective.winner!.context.kind, 'instance');
      assert.equal(effective.candidates.length, 2);
      const other = await call<EffectiveOverride>('GET', `/overrides/effective?objectId=${estate.computers[1]}&workflowId=${CPU_MONITOR}&parameter=critical`);
      assert.equal(other.value, 80);
      const overridePack = await call<PackExport>('GET', '/packs/Vigil.Overrides/export');
      assert.match(overridePack.yaml, /version: 1\.0\.1/);

      const started = await call<MaintenanceStarted>('POST', '/maintenance', { objectId: 'web01.example.test', durationMinutes: 60, reason: 'application-maintenance', planned: true, comment: 'patching' }, 201);
      assert.deepEqual(new Set(started.coveredObjectIds), new Set([web01, estate.disk]), 'recursive by default: the hosted disk too');
      assert.equal((await call<ObjectDetail>('GET', `/objects/${web01}`)).displayState, 'maintenance');
      assert.equal((await call<{ items: unknown[] }>('GET', '/maintenance')).items.length, 1);
      await call('POST', '/maintenance/stop', { objectId: web01 });
      assert.equal((await call<ObjectDetail>('GET', `/objects/${web01}`)).inMaintenance, false);
      assert.equal((await call<{ items: Array<{ endedAtMs: number | null }> }>('GET', `/maintenance?history=true&objectId=${web01}`)).items[0]!.endedAtMs !== null, true);

      const group = await call<MonitoringGroupView>('POST', '/groups', { displayName: 'Databases', members: [estate.computers[2]!] }, 201);
      assert.equal(group.memberCount, 1);
      assert.equal((await call<GroupMembers>('GET', `/groups/${group.id}/members`)).items[0]!.displayName, 'db01.example.test');
      const health = await call<GroupHealthView>('GET', `/groups/${group.id}/health`);
      assert.equal(health.state, 'warning');

      const agentId = await h.addAgent('agent-web03', 'approved');
      const web03 = await upsertMonitoringObject(h.store.db, { classId: 'Vigil.Core.Computer', objectKey: 'web03.example.test', displayName: 'web03', agentId, nowMs: h.clock.nowMs() });
      const queued = await call<TaskView>('POST', '/tasks', { objectId: web03, taskType: 'echo', parameters: { text: 'hello' } }, 201);
      assert.equal(queued.status, 'queued');
      assert.equal(queued.agentId, agentId);
      await h.store.db.updateTable('task').set({ status: 'succeeded', output: 'hello', exit_code: 0, completed_at: h.clock.nowMs() }).where('id', '=', queued.id).execute();
      const done = await call<TaskView>('GET', `/tasks/${queued.id}`);
      assert.equal(done.output, 'hello');
      await call('POST', '/tasks', { objectId: estate.computers[1], taskType: 'echo' }, 400);
    } finally {
      await h.close();
    }
  });
}
