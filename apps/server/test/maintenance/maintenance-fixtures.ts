// Objects for maintenance tests: a computer hosting a disk hosting a folder, a second computer,
// and a cluster that contains the second computer through a containment relationship.
import type { ObjectId } from '@vigil/core';
import { upsertMonitoringObject, type Database } from '@vigil/store';

export const CONTAINS = 'Vigil.Test.ClusterContainsComputer';

export interface MaintenanceFixture {
  readonly web01: ObjectId;
  readonly disk: ObjectId;
  readonly folder: ObjectId;
  readonly web02: ObjectId;
  readonly cluster: ObjectId;
}

export async function seedObjects(db: Database, nowMs: number): Promise<MaintenanceFixture> {
  const web01 = await upsertMonitoringObject(db, { classId: 'Vigil.Test.Computer', objectKey: 'web01', displayName: 'web01', nowMs });
  const disk = await upsertMonitoringObject(db, { classId: 'Vigil.Test.Disk', objectKey: 'web01/C:', displayName: 'C:', hostId: web01, nowMs });
  const folder = await upsertMonitoringObject(db, { classId: 'Vigil.Test.Folder', objectKey: 'web01/C:/logs', displayName: 'logs', hostId: disk, nowMs });
  const web02 = await upsertMonitoringObject(db, { classId: 'Vigil.Test.Computer', objectKey: 'web02', displayName: 'web02', nowMs });
  const cluster = await upsertMonitoringObject(db, { classId: 'Vigil.Test.Cluster', objectKey: 'cluster1', displayName: 'cluster1', nowMs });
  await db.insertInto('relationship_instance').values({ relationship_id: CONTAINS, source_id: cluster, target_id: web02, created_at: nowMs }).execute();
  return { web01, disk, folder, web02, cluster };
}

/** Ids of the objects flagged in maintenance, sorted. */
export async function flagged(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('monitoring_object').select('id').where('in_maintenance', '=', 1).execute();
  return rows.map((r) => r.id).sort();
}

export const sorted = (ids: readonly string[]): string[] => [...ids].sort();
