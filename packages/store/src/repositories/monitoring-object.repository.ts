import { newId, type AgentId, type ObjectId, type PoolId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { HealthStateColumn } from '../schema/column-types.ts';
import type { MonitoringObjectTable } from '../schema/monitoring-tables.ts';

export interface MonitoringObjectRecord {
  readonly id: ObjectId;
  readonly classId: string;
  readonly objectKey: string;
  readonly displayName: string;
  readonly hostId: ObjectId | null;
  readonly agentId: AgentId | null;
  readonly poolId: PoolId | null;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly healthState: HealthStateColumn;
  readonly healthChangedAtMs: number;
  readonly inMaintenance: boolean;
}

export function toObjectRecord(row: MonitoringObjectTable): MonitoringObjectRecord {
  return {
    id: row.id as ObjectId,
    classId: row.class_id,
    objectKey: row.object_key,
    displayName: row.display_name,
    hostId: row.host_id as ObjectId | null,
    agentId: row.agent_id as AgentId | null,
    poolId: row.pool_id as PoolId | null,
    properties: JSON.parse(row.properties_json) as Record<string, unknown>,
    healthState: row.health_state,
    healthChangedAtMs: row.health_changed_at,
    inMaintenance: row.in_maintenance === 1,
  };
}

export interface NewMonitoringObject {
  readonly classId: string;
  readonly objectKey: string;
  readonly displayName: string;
  readonly hostId?: ObjectId | null;
  readonly agentId?: AgentId | null;
  readonly poolId?: PoolId | null;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly discovery?: { readonly id: string; readonly targetKey: string };
  readonly nowMs: number;
}

/**
 * Inserts the object, or updates its name, host, properties and discovery when one with the same
 * class and key exists (and revives it if it was deleted). Returns its id.
 */
export async function upsertMonitoringObject(db: Database, object: NewMonitoringObject): Promise<ObjectId> {
  const existing = await db
    .selectFrom('monitoring_object')
    .select('id')
    .where('class_id', '=', object.classId)
    .where('object_key', '=', object.objectKey)
    .executeTakeFirst();
  const common = {
    display_name: object.displayName,
    host_id: object.hostId ?? null,
    properties_json: JSON.stringify(object.properties ?? {}),
    updated_at: object.nowMs,
    deleted_at: null,
    ...(object.discovery ? { discovery_id: object.discovery.id, discovery_target_key: object.discovery.targetKey } : {}),
    ...(object.agentId !== undefined ? { agent_id: object.agentId } : {}),
    ...(object.poolId !== undefined ? { pool_id: object.poolId } : {}),
  };
  if (existing) {
    await db.updateTable('monitoring_object').set(common).where('id', '=', existing.id).execute();
    return existing.id as ObjectId;
  }
  const id = newId<ObjectId>(object.nowMs);
  await db
    .insertInto('monitoring_object')
    .values({
      id,
      class_id: object.classId,
      object_key: object.objectKey,
      agent_id: object.agentId ?? null,
      pool_id: object.poolId ?? null,
      discovery_id: object.discovery?.id ?? null,
      discovery_target_key: object.discovery?.targetKey ?? null,
      health_state: 'unknown',
      health_changed_at: object.nowMs,
      in_maintenance: 0,
      created_at: object.nowMs,
      ...common,
    })
    .execute();
  return id;
}

/** Finds a live object by its wire key (unique across the group by convention: class-qualified). */
export async function findObjectByKey(db: Database, objectKey: string): Promise<MonitoringObjectRecord | undefined> {
  const row = await db.selectFrom('monitoring_object').selectAll().where('object_key', '=', objectKey).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? toObjectRecord(row) : undefined;
}

export async function findObjectById(db: Database, id: ObjectId): Promise<MonitoringObjectRecord | undefined> {
  const row = await db.selectFrom('monitoring_object').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toObjectRecord(row) : undefined;
}

/** Marks deleted the objects `discoveryId` found for `targetKey` before, except `keepKeys`. Returns their ids. */
export async function removeUndiscovered(
  db: Database,
  discovery: { id: string; targetKey: string },
  keepKeys: readonly string[],
  nowMs: number,
): Promise<ObjectId[]> {
  let query = db
    .selectFrom('monitoring_object')
    .select('id')
    .where('discovery_id', '=', discovery.id)
    .where('discovery_target_key', '=', discovery.targetKey)
    .where('deleted_at', 'is', null);
  if (keepKeys.length > 0) query = query.where('object_key', 'not in', keepKeys);
  const gone = (await query.execute()).map((r) => r.id as ObjectId);
  if (gone.length > 0) await db.updateTable('monitoring_object').set({ deleted_at: nowMs, updated_at: nowMs }).where('id', 'in', gone).execute();
  return gone;
}

export async function setObjectHealth(db: Database, id: ObjectId, state: HealthStateColumn, nowMs: number): Promise<void> {
  await db
    .updateTable('monitoring_object')
    .set({ health_state: state, health_changed_at: nowMs })
    .where('id', '=', id)
    .where('health_state', '!=', state)
    .execute();
}

export async function setObjectsInMaintenance(db: Database, ids: readonly ObjectId[], inMaintenance: boolean): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('monitoring_object').set({ in_maintenance: inMaintenance ? 1 : 0 }).where('id', 'in', ids).execute();
}

/** Objects hosted (directly or transitively) by `id`, not including it. */
export async function hostedObjectIds(db: Database, id: ObjectId): Promise<ObjectId[]> {
  const found: ObjectId[] = [];
  let frontier: string[] = [id];
  while (frontier.length > 0) {
    const rows = await db.selectFrom('monitoring_object').select('id').where('host_id', 'in', frontier).where('deleted_at', 'is', null).execute();
    frontier = rows.map((r) => r.id).filter((x) => !found.includes(x as ObjectId));
    found.push(...(frontier as ObjectId[]));
  }
  return found;
}
