// The state view's reads: objects of a class (and classes derived from it), filtered, scoped and
// paged through the (class_id, health_state, display_name) index; one object with its monitors.
import { sql, type SqlBool } from 'kysely';
import type { CappedPage, MonitoringObjectView, ObjectListQuery } from '@vigil/protocol';
import type { Database, HealthStateColumn } from '@vigil/store';
import { objectScopeCondition, type ObjectScope } from '../../auth/scope-filter.ts';
import { withDerivedClasses } from '../../auth/store-group-membership.ts';
import { commaList, fetchCappedPage, type CappedListParams } from '../capped-page.ts';

export const OBJECT_COLUMNS = [
  'monitoring_object.id', 'monitoring_object.class_id', 'monitoring_object.object_key', 'monitoring_object.display_name', 'monitoring_object.host_id',
  'monitoring_object.agent_id', 'monitoring_object.pool_id', 'monitoring_object.health_state', 'monitoring_object.health_changed_at',
  'monitoring_object.in_maintenance', 'monitoring_object.updated_at', 'class.display_name as class_display_name',
] as const;

export interface ObjectRow {
  id: string; class_id: string; object_key: string; display_name: string; host_id: string | null; agent_id: string | null; pool_id: string | null;
  health_state: HealthStateColumn; health_changed_at: number; in_maintenance: number; updated_at: number; class_display_name: string | null;
}

export function toObjectView(r: ObjectRow): MonitoringObjectView {
  const inMaintenance = Number(r.in_maintenance) === 1;
  return {
    id: r.id, classId: r.class_id, classDisplayName: r.class_display_name ?? r.class_id, objectKey: r.object_key, displayName: r.display_name,
    hostId: r.host_id, agentId: r.agent_id, poolId: r.pool_id, healthState: r.health_state, displayState: inMaintenance ? 'maintenance' : r.health_state,
    inMaintenance, healthChangedAtMs: Number(r.health_changed_at), updatedAtMs: Number(r.updated_at),
  };
}

export function objectSelect(db: Database) {
  return db.selectFrom('monitoring_object').leftJoin('class', 'class.id', 'monitoring_object.class_id').select(OBJECT_COLUMNS).where('monitoring_object.deleted_at', 'is', null);
}

// Health sorts by severity (critical first when descending), as the state view shows it.
const HEALTH_RANK = sql`case monitoring_object.health_state when 'critical' then 3 when 'warning' then 2 when 'healthy' then 1 else 0 end`;

const OBJECT_LIST_SPEC = {
  sortColumns: {
    displayName: 'monitoring_object.display_name', healthState: 'health_rank', healthChangedAtMs: 'monitoring_object.health_changed_at',
    classId: 'monitoring_object.class_id', objectKey: 'monitoring_object.object_key',
  },
  defaultSort: 'displayName',
  tiebreaker: 'monitoring_object.id',
  searchColumns: ['monitoring_object.display_name', 'monitoring_object.object_key'],
} as const;

export async function listObjects(db: Database, query: ObjectListQuery, scope: ObjectScope): Promise<CappedPage<MonitoringObjectView>> {
  let q = objectSelect(db).where(objectScopeCondition('monitoring_object.id', scope));
  if (query.classId) {
    const classIds = query.exactClass ? [query.classId] : await withDerivedClasses(db, [query.classId]);
    q = q.where('monitoring_object.class_id', 'in', classIds);
  }
  const health = commaList(query.health) as HealthStateColumn[] | undefined;
  if (health) q = q.where('monitoring_object.health_state', 'in', health);
  if (query.maintenance !== undefined) q = q.where('monitoring_object.in_maintenance', '=', query.maintenance ? 1 : 0);
  if (query.groupId) q = q.where(sql<SqlBool>`monitoring_object.id in (select gm.object_id from group_member gm where gm.group_id = ${query.groupId})`);
  if (query.hostId) q = q.where('monitoring_object.host_id', '=', query.hostId);
  if (query.agentId) q = q.where('monitoring_object.agent_id', '=', query.agentId);
  return pageOfObjects(db, q, query);
}

export async function pageOfObjects(db: Database, q: ReturnType<typeof objectSelect>, params: CappedListParams): Promise<CappedPage<MonitoringObjectView>> {
  const page = await fetchCappedPage(db, q, params, OBJECT_LIST_SPEC, { health_rank: HEALTH_RANK });
  return { ...page, items: (page.items as ObjectRow[]).map(toObjectView) };
}

export async function findObjectRow(db: Database, id: string): Promise<ObjectRow | undefined> {
  return (await objectSelect(db).where('monitoring_object.id', '=', id).executeTakeFirst()) as ObjectRow | undefined;
}

/** Whether the object is in `scope` (and not deleted). */
export async function objectVisible(db: Database, id: string, scope: ObjectScope): Promise<boolean> {
  const row = await db.selectFrom('monitoring_object').select('id').where('id', '=', id).where('deleted_at', 'is', null).where(objectScopeCondition('monitoring_object.id', scope)).executeTakeFirst();
  return row !== undefined;
}
