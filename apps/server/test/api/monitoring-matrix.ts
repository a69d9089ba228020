// RBAC matrix entries for the monitoring routes (alerts, objects, perf, events, state changes,
// live feed, and the admin families): how to call each successfully with fresh fixtures.
import { newId, silentLogger, type GatewayId, type ManagementServerId, type ObjectId } from '@vigil/core';
import { createKeyAndCsr } from '@vigil/pki';
import { insertGateway, registerManagementServer, upsertMonitoringObject } from '@vigil/store';
import type { ApiHarness } from './api-harness.ts';
import { addComputer, CPU_MONITOR, raiseAlert } from './monitoring-fixtures.ts';
import { startMaintenance } from '../../src/maintenance/maintenance.service.ts';
import { createMaintenanceSchedule } from '../../src/maintenance/maintenance-schedule.service.ts';
import { createGroup } from '../../src/groups/group.service.ts';
import { importPackText, type PackServiceContext } from '../../src/packs/pack-import.service.ts';
import { loadPackLibrary } from '../../src/packs/pack-library.ts';
import { setOverride } from '../../src/overrides/override-pack.service.ts';
import { createPool } from '../../src/pool/pool-admin.service.ts';

interface CallSpec { readonly url: string; readonly body?: unknown }
interface Entry { readonly request: (h: ApiHarness, n: number) => Promise<CallSpec>; readonly okStatus: number }

const V1 = '/api/v1';
const get = (url: string) => async (): Promise<CallSpec> => ({ url: V1 + url });

async function computer(h: ApiHarness, n: number): Promise<string> {
  return addComputer(h.store.db, `matrix-${n}.example.test`, h.clock.nowMs());
}

async function alert(h: ApiHarness, n: number): Promise<string> {
  return raiseAlert(h.store.db, (await computer(h, n)) as never, h.clock.nowMs(), { kind: 'rule' });
}

async function series(h: ApiHarness, n: number): Promise<string> {
  const id = `series-${n}`;
  await h.store.db.insertInto('perf_series').values({ id, object_id: await computer(h, n), object_key: `matrix-${n}`, counter: 'cpu', instance: '', created_at: h.clock.nowMs() }).execute();
  return id;
}

export function testPackYaml(name: string, version = '1.0.0'): string {
  return `pack:\n  name: ${name}\n  version: ${version}\n  displayName: Test pack\n  references:\n    - { name: Vigil.Core, version: 1.0.0 }\nclasses:\n  - id: ${name}.Thing\n    base: Vigil.Core.Entity\n    properties:\n      - { name: Key, type: string, key: true }\n`;
}

async function packService(h: ApiHarness): Promise<PackServiceContext> {
  return { db: h.store.db, clock: h.clock, logger: silentLogger(), packs: await loadPackLibrary(h.store.db, silentLogger()), trustedPublicKeys: [] };
}

async function importedPack(h: ApiHarness, n: number): Promise<string> {
  const name = `Test.Pack${n}`;
  await importPackText(await packService(h), testPackYaml(name), 'test.pack.yaml', 'test');
  return name;
}

async function override(h: ApiHarness, n: number): Promise<string> {
  const set = { workflowId: CPU_MONITOR, parameter: 'critical', value: 90, context: { kind: 'instance' as const, id: await computer(h, n) } };
  return (await setOverride(await packService(h), set, 'test')).entry.id;
}

async function inMaintenance(h: ApiHarness, n: number): Promise<string> {
  const id = await computer(h, n);
  await startMaintenance({ db: h.store.db, clock: h.clock }, { objectId: id as ObjectId, recursive: false, endMs: h.clock.nowMs() + 3_600_000, reason: 'other', planned: false, by: 'test' });
  return id;
}

const SCHEDULE = (objectId: string, n: number) => ({
  name: `nightly-${n}`, objectId, recursive: true, timeZone: 'UTC', recurrence: { kind: 'daily', time: '02:00', fromDate: '2030-01-01' }, durationMs: 3_600_000, reason: 'other', planned: true,
});

async function schedule(h: ApiHarness, n: number): Promise<string> {
  const body = SCHEDULE(await computer(h, n), n);
  return (await createMaintenanceSchedule({ db: h.store.db, clock: h.clock }, body as never, 'test')).id;
}

async function group(h: ApiHarness, n: number): Promise<string> {
  return (await createGroup({ db: h.store.db, clock: h.clock }, { displayName: `group-${n}`, members: [await computer(h, n)] })).id;
}

async function agentObject(h: ApiHarness, n: number): Promise<string> {
  const agentId = await h.addAgent(`in-task-agent-${n}`, 'approved');
  return upsertMonitoringObject(h.store.db, { classId: 'Vigil.Core.Computer', objectKey: `task-${n}.example.test`, displayName: `task-${n}`, agentId, nowMs: h.clock.nowMs() });
}

async function task(h: ApiHarness, n: number): Promise<string> {
  const id = newId(h.clock.nowMs());
  await h.store.db.insertInto('task').values({
    id, agent_id: (await h.addAgent(`in-t-${n}`, 'approved')), object_id: null, task_type: 'echo', parameters_json: '{}', status: 'queued', output: null, exit_code: null,
    submitted_by: 'test', submitted_at: h.clock.nowMs(), completed_at: null, timeout_seconds: 60,
  }).execute();
  return id;
}

async function gateway(h: ApiHarness, n: number): Promise<string> {
  const name = `gw-${n}`;
  const { csrPem } = await createKeyAndCsr({ commonName: name });
  await insertGateway(h.store.db, { id: newId<GatewayId>(), name, hostName: `${name}.example.test`, csrPem, nowMs: h.clock.nowMs() });
  return name;
}

async function server(h: ApiHarness, n: number): Promise<string> {
  const name = `ms-${n}`;
  await registerManagementServer(h.store.db, { id: newId<ManagementServerId>(), name, host: 'localhost', linkPort: 5723, apiPort: 5724, version: 'test', nowMs: h.clock.nowMs() });
  return name;
}

async function poolWithMember(h: ApiHarness, n: number): Promise<{ pool: string; server: string }> {
  const pool = `pool-m${n}`;
  await createPool(h.store.db, pool, h.clock.nowMs());
  const name = await server(h, n);
  await h.store.db.insertInto('pool_member').values({ pool_id: (await h.store.db.selectFrom('resource_pool').select('id').where('name', '=', pool).executeTakeFirstOrThrow()).id, server_id: (await h.store.db.selectFrom('management_server').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id, added_at: h.clock.nowMs() }).execute();
  return { pool, server: name };
}

export const MONITORING_MATRIX: Readonly<Record<string, Entry>> = {
  'GET /api/v1/alerts': { request: get('/alerts?severity=critical,warning'), okStatus: 200 },
  'GET /api/v1/alerts/:id': { request: async (h, n) => ({ url: `${V1}/alerts/${await alert(h, n)}` }), okStatus: 200 },
  'PATCH /api/v1/alerts/:id': { request: async (h, n) => ({ url: `${V1}/alerts/${await alert(h, n)}`, body: { resolutionState: 249 } }), okStatus: 200 },
  'POST /api/v1/alerts/bulk': { request: async (h, n) => ({ url: `${V1}/alerts/bulk`, body: { ids: [await alert(h, n)], update: { owner: 'someone' } } }), okStatus: 200 },
  'GET /api/v1/objects': { request: get('/objects?classId=Vigil.Core.Computer'), okStatus: 200 },
  'GET /api/v1/objects/:id': { request: async (h, n) => ({ url: `${V1}/objects/${await computer(h, n)}` }), okStatus: 200 },
  'GET /api/v1/objects/:id/children': { request: async (h, n) => ({ url: `${V1}/objects/${await computer(h, n)}/children` }), okStatus: 200 },
  'GET /api/v1/classes': { request: get('/classes'), okStatus: 200 },
  'GET /api/v1/perf/series': { request: get('/perf/series'), okStatus: 200 },
  'GET /api/v1/perf/samples': { request: async (h, n) => ({ url: `${V1}/perf/samples?series=${await series(h, n)}&fromMs=0&toMs=${h.clock.nowMs()}` }), okStatus: 200 },
  'GET /api/v1/events': { request: get('/events'), okStatus: 200 },
  'GET /api/v1/state-changes': { request: get('/state-changes'), okStatus: 200 },
  'GET /api/v1/live': { request: get('/live?maxEvents=1'), okStatus: 200 },
  'GET /api/v1/packs': { request: get('/packs'), okStatus: 200 },
  'POST /api/v1/packs/validate': { request: async (_h, n) => ({ url: `${V1}/packs/validate`, body: { yaml: testPackYaml(`Test.Valid${n}`) } }), okStatus: 200 },
  'POST /api/v1/packs': { request: async (_h, n) => ({ url: `${V1}/packs`, body: { yaml: testPackYaml(`Test.New${n}`) } }), okStatus: 200 },
  'GET /api/v1/packs/:name/export': { request: get('/packs/Vigil.Core/export'), okStatus: 200 },
  'DELETE /api/v1/packs/:name': { request: async (h, n) => ({ url: `${V1}/packs/${await importedPack(h, n)}` }), okStatus: 204 },
  'GET /api/v1/overrides': { request: get('/overrides'), okStatus: 200 },
  'POST /api/v1/overrides': {
    request: async (h, n) => ({ url: `${V1}/overrides`, body: { workflowId: CPU_MONITOR, parameter: 'critical', value: 90, context: { kind: 'instance', id: await computer(h, n) } } }), okStatus: 200,
  },
  'DELETE /api/v1/overrides/:id': { request: async (h, n) => ({ url: `${V1}/overrides/${await override(h, n)}` }), okStatus: 200 },
  'GET /api/v1/overrides/effective': { request: async (h, n) => ({ url: `${V1}/overrides/effective?objectId=${await computer(h, n)}&workflowId=${CPU_MONITOR}&parameter=critical` }), okStatus: 200 },
  'POST /api/v1/maintenance': { request: async (h, n) => ({ url: `${V1}/maintenance`, body: { objectId: await computer(h, n), durationMinutes: 30, reason: 'other', planned: false } }), okStatus: 201 },
  'POST /api/v1/maintenance/stop': { request: async (h, n) => ({ url: `${V1}/maintenance/stop`, body: { objectId: await inMaintenance(h, n) } }), okStatus: 200 },
  'GET /api/v1/maintenance': { request: get('/maintenance'), okStatus: 200 },
  'GET /api/v1/maintenance/reasons': { request: get('/maintenance/reasons'), okStatus: 200 },
  'GET /api/v1/maintenance/schedules': { request: get('/maintenance/schedules'), okStatus: 200 },
  'POST /api/v1/maintenance/schedules': { request: async (h, n) => ({ url: `${V1}/maintenance/schedules`, body: SCHEDULE(await computer(h, n), n) }), okStatus: 201 },
  'GET /api/v1/maintenance/schedules/:id': { request: async (h, n) => ({ url: `${V1}/maintenance/schedules/${await schedule(h, n)}` }), okStatus: 200 },
  'PUT /api/v1/maintenance/schedules/:id': {
    request: async (h, n) => {
      const id = await schedule(h, n);
      return { url: `${V1}/maintenance/schedules/${id}`, body: { ...SCHEDULE(await computer(h, n + 100_000), n), enabled: false } };
    },
    okStatus: 200,
  },
  'DELETE /api/v1/maintenance/schedules/:id': { request: async (h, n) => ({ url: `${V1}/maintenance/schedules/${await schedule(h, n)}` }), okStatus: 204 },
  'GET /api/v1/groups': { request: get('/groups'), okStatus: 200 },
  'GET /api/v1/groups/:id': { request: async (h, n) => ({ url: `${V1}/groups/${await group(h, n)}` }), okStatus: 200 },
  'POST /api/v1/groups': { request: async (h, n) => ({ url: `${V1}/groups`, body: { displayName: `made-${n}`, members: [await computer(h, n)] } }), okStatus: 201 },
  'PUT /api/v1/groups/:id': { request: async (h, n) => ({ url: `${V1}/groups/${await group(h, n)}`, body: { displayName: `renamed-${n}` } }), okStatus: 200 },
  'DELETE /api/v1/groups/:id': { request: async (h, n) => ({ url: `${V1}/groups/${await group(h, n)}` }), okStatus: 204 },
  'GET /api/v1/groups/:id/members': { request: async (h, n) => ({ url: `${V1}/groups/${await group(h, n)}/members` }), okStatus: 200 },
  'GET /api/v1/groups/:id/health': { request: async (h, n) => ({ url: `${V1}/groups/${await group(h, n)}/health` }), okStatus: 200 },
  'POST /api/v1/tasks': { request: async (h, n) => ({ url: `${V1}/tasks`, body: { objectId: await agentObject(h, n), taskType: 'echo', parameters: { text: 'hi' } } }), okStatus: 201 },
  'GET /api/v1/tasks/:id': { request: async (h, n) => ({ url: `${V1}/tasks/${await task(h, n)}` }), okStatus: 200 },
  'GET /api/v1/tasks': { request: get('/tasks'), okStatus: 200 },
  'GET /api/v1/tasks/types': { request: get('/tasks/types'), okStatus: 200 },
  'GET /api/v1/gateways': { request: get('/gateways?approval=pending'), okStatus: 200 },
  'POST /api/v1/gateways/:name/approve': { request: async (h, n) => ({ url: `${V1}/gateways/${await gateway(h, n)}/approve`, body: {} }), okStatus: 200 },
  'POST /api/v1/gateways/:name/reject': { request: async (h, n) => ({ url: `${V1}/gateways/${await gateway(h, n)}/reject`, body: {} }), okStatus: 200 },
  'POST /api/v1/pools': { request: async (_h, n) => ({ url: `${V1}/pools`, body: { name: `new-pool-${n}` } }), okStatus: 201 },
  'POST /api/v1/pools/:name/members': {
    request: async (h, n) => {
      await createPool(h.store.db, `pool-a${n}`, h.clock.nowMs());
      return { url: `${V1}/pools/pool-a${n}/members`, body: { server: await server(h, n) } };
    },
    okStatus: 200,
  },
  'DELETE /api/v1/pools/:name/members/:server': {
    request: async (h, n) => {
      const { pool, server: name } = await poolWithMember(h, n);
      return { url: `${V1}/pools/${pool}/members/${name}` };
    },
    okStatus: 204,
  },
};
