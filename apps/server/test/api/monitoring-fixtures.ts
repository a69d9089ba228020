// Fixtures for the monitoring routes: the built-in packs imported into the test store, and a
// small monitored estate (computers, a hosted disk, monitor states, alerts, perf, events, state
// changes, a group) written through the store's repositories.
import { createAlert, newId, newUuid, silentLogger, type AlertId, type Clock, type ObjectId } from '@vigil/core';
import { saveAlert, upsertMonitoringObject, type Database, type Store } from '@vigil/store';
import { loadPackLibrary, type PackLibrary } from '../../src/packs/pack-library.ts';
import { importBuiltInPacks } from '../../src/packs/pack-import.service.ts';
import { BUILT_IN_PACKS_DIR } from '../../src/lifecycle/management-server.ts';
import { createGroup } from '../../src/groups/group.service.ts';

export const CPU_MONITOR = 'Vigil.Linux.Computer.CpuUtilization';

export async function importPacks(store: Store, clock: Clock): Promise<{ packs: PackLibrary }> {
  const packs = await loadPackLibrary(store.db, silentLogger());
  await importBuiltInPacks({ db: store.db, clock, logger: silentLogger(), packs, trustedPublicKeys: [] }, BUILT_IN_PACKS_DIR);
  return { packs };
}

export interface Estate {
  readonly computers: ObjectId[];
  readonly disk: ObjectId;
  readonly monitorAlert: AlertId;
  readonly ruleAlert: AlertId;
  readonly series: string;
  readonly groupId: string;
}

export async function addComputer(db: Database, name: string, nowMs: number, health: 'healthy' | 'warning' | 'critical' | 'unknown' = 'healthy'): Promise<ObjectId> {
  const id = await upsertMonitoringObject(db, { classId: 'Vigil.Core.Computer', objectKey: name, displayName: name, properties: { HostName: name }, nowMs });
  await db.updateTable('monitoring_object').set({ health_state: health }).where('id', '=', id).execute();
  return id;
}

export async function raiseAlert(db: Database, objectId: ObjectId, nowMs: number, options: { kind?: 'monitor' | 'rule'; name?: string; severity?: 'critical' | 'warning' | 'information' } = {}): Promise<AlertId> {
  const id = newId<AlertId>(nowMs);
  const source = options.kind === 'rule'
    ? { kind: 'rule' as const, ruleId: 'Vigil.Test.Rule', objectId, suppressionKey: '' }
    : { kind: 'monitor' as const, monitorId: CPU_MONITOR, objectId };
  const alert = createAlert({ id, name: options.name ?? 'CPU busy', source, severity: options.severity ?? 'critical', priority: 'high', atMs: nowMs });
  await saveAlert(db, alert, undefined, { context: { sample: 97.5, threshold: 90 } });
  return id;
}

export async function seedEstate(db: Database, clock: Clock): Promise<Estate> {
  const now = clock.nowMs();
  const computers = [await addComputer(db, 'web01.example.test', now, 'critical'), await addComputer(db, 'web02.example.test', now), await addComputer(db, 'db01.example.test', now, 'warning')];
  const disk = await upsertMonitoringObject(db, { classId: 'Vigil.Linux.LogicalDisk', objectKey: 'web01.example.test/disk:/var', displayName: '/var', hostId: computers[0]!, properties: { MountPoint: '/var' }, nowMs: now });
  await db.insertInto('monitor_state').values({ object_id: computers[0]!, monitor_id: CPU_MONITOR, state: 'critical', changed_at: now - 1000, context_json: JSON.stringify({ sample: 97.5 }) }).execute();
  await db.insertInto('state_change').values({ id: newUuid(now), object_id: computers[0]!, monitor_id: CPU_MONITOR, from_state: 'healthy', to_state: 'critical', at: now - 1000, context_json: JSON.stringify({ sample: 97.5 }) }).execute();
  const monitorAlert = await raiseAlert(db, computers[0]!, now - 1000);
  const ruleAlert = await raiseAlert(db, computers[1]!, now - 500, { kind: 'rule', name: 'Log error seen', severity: 'warning' });
  const series = newUuid(now);
  await db.insertInto('perf_series').values({ id: series, object_id: computers[0]!, object_key: 'web01.example.test', counter: 'cpu.utilization', instance: '_Total', created_at: now - 3_600_000 }).execute();
  const samples = Array.from({ length: 120 }, (_, i) => ({ series_id: series, at: now - 3_600_000 + i * 30_000, value: i % 10 }));
  await db.insertInto('perf_sample').values(samples).execute();
  await db.insertInto('event').values({ id: newUuid(now), object_id: computers[0]!, object_key: 'web01.example.test', agent_id: null, event_id: '1001', level: 'error', message: 'disk full on /var', at: now - 200, data_json: '{"path":"/var"}' }).execute();
  await db.insertInto('event').values({ id: newUuid(now), object_id: computers[1]!, object_key: 'web02.example.test', agent_id: null, event_id: '1002', level: 'information', message: 'service restarted', at: now - 100, data_json: '{}' }).execute();
  const group = await createGroup({ db, clock }, { displayName: 'Web servers', members: [computers[0]!, computers[1]!] });
  return { computers, disk, monitorAlert, ruleAlert, series, groupId: group.id };
}
