// Maintenance mode rows: windows (one per start, kept as history with ended_at once over) and
// schedules, plus the object-graph walks that say which objects a recursive window covers.
// "Covers" follows hosting (monitoring_object.host_id) always, and the relationship types the
// caller names as containment (relationship_instance source -> target).
import type { ObjectId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { MaintenanceScheduleTable, MaintenanceWindowTable } from '../schema/monitoring-tables.ts';

/** Keeps `in (...)` lists well below both dialects' bound-parameter limits. */
const IN_CHUNK = 500;

function chunked<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface MaintenanceWindowRecord {
  readonly id: string;
  readonly objectId: ObjectId;
  readonly recursive: boolean;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  /** When it actually ended (stopped early or expired); null while active. */
  readonly endedAtMs: number | null;
  readonly reason: string;
  readonly planned: boolean;
  readonly comment: string;
  readonly startedBy: string;
  readonly scheduleId: string | null;
}

function toWindow(row: MaintenanceWindowTable): MaintenanceWindowRecord {
  return {
    id: row.id,
    objectId: row.object_id as ObjectId,
    recursive: Number(row.recursive) === 1,
    startsAtMs: Number(row.starts_at),
    endsAtMs: Number(row.ends_at),
    endedAtMs: row.ended_at === null ? null : Number(row.ended_at),
    reason: row.reason,
    planned: Number(row.planned) === 1,
    comment: row.comment,
    startedBy: row.started_by,
    scheduleId: row.schedule_id,
  };
}

export async function insertMaintenanceWindow(db: Database, window: Omit<MaintenanceWindowRecord, 'endedAtMs'>): Promise<void> {
  await db
    .insertInto('maintenance_window')
    .values({
      id: window.id,
      object_id: window.objectId,
      recursive: window.recursive ? 1 : 0,
      starts_at: window.startsAtMs,
      ends_at: window.endsAtMs,
      ended_at: null,
      reason: window.reason,
      planned: window.planned ? 1 : 0,
      comment: window.comment,
      started_by: window.startedBy,
      schedule_id: window.scheduleId,
    })
    .execute();
}

export async function findMaintenanceWindow(db: Database, id: string): Promise<MaintenanceWindowRecord | undefined> {
  const row = await db.selectFrom('maintenance_window').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWindow(row) : undefined;
}

/** Active (not ended) windows whose target is one of `objectIds`; all active windows when omitted. */
export async function activeMaintenanceWindows(db: Database, objectIds?: readonly string[]): Promise<MaintenanceWindowRecord[]> {
  const base = db.selectFrom('maintenance_window').selectAll().where('ended_at', 'is', null);
  if (!objectIds) return (await base.orderBy('starts_at').execute()).map(toWindow);
  const out: MaintenanceWindowRecord[] = [];
  for (const part of chunked([...new Set(objectIds)])) out.push(...(await base.where('object_id', 'in', part).execute()).map(toWindow));
  return out.sort((a, b) => a.startsAtMs - b.startsAtMs);
}

/** Active windows whose end has come (ends_at <= nowMs). */
export async function maintenanceWindowsDueToEnd(db: Database, nowMs: number): Promise<MaintenanceWindowRecord[]> {
  const rows = await db.selectFrom('maintenance_window').selectAll().where('ended_at', 'is', null).where('ends_at', '<=', nowMs).execute();
  return rows.map(toWindow);
}

/** The earliest end among active windows, or undefined when none is active. */
export async function nextMaintenanceEndMs(db: Database): Promise<number | undefined> {
  const row = await db
    .selectFrom('maintenance_window')
    .select((eb) => eb.fn.min('ends_at').as('next'))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
}

/** Marks windows ended at `endedAtMs`; only those still active. Returns how many it ended. */
export async function endMaintenanceWindows(db: Database, ids: readonly string[], endedAtMs: number): Promise<number> {
  let ended = 0;
  for (const part of chunked(ids)) {
    const result = await db.updateTable('maintenance_window').set({ ended_at: endedAtMs }).where('id', 'in', part).where('ended_at', 'is', null).executeTakeFirst();
    ended += Number(result.numUpdatedRows);
  }
  return ended;
}

/** A schedule's window that started at `startsAtMs`, active or not (so a stopped one is not restarted). */
export async function findScheduledWindow(db: Database, scheduleId: string, startsAtMs: number): Promise<MaintenanceWindowRecord | undefined> {
  const row = await db
    .selectFrom('maintenance_window')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('starts_at', '=', startsAtMs)
    .executeTakeFirst();
  return row ? toWindow(row) : undefined;
}

/** Windows that targeted the object, newest first (history included). */
export async function maintenanceHistoryOf(db: Database, objectId: string, limit = 100): Promise<MaintenanceWindowRecord[]> {
  const rows = await db.selectFrom('maintenance_window').selectAll().where('object_id', '=', objectId).orderBy('starts_at', 'desc').limit(limit).execute();
  return rows.map(toWindow);
}

// ---- coverage walks ---------------------------------------------------------------------------

/**
 * Live objects hosted or contained by `rootIds`, transitively, not including the roots.
 * `containment` lists the relationship ids whose targets count as contained by their source.
 */
export async function containedObjectIds(db: Database, rootIds: readonly string[], containment: readonly string[]): Promise<ObjectId[]> {
  const seen = new Set<string>(rootIds);
  const found: ObjectId[] = [];
  let frontier = [...seen];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const part of chunked(frontier)) {
      const hosted = await db.selectFrom('monitoring_object').select('id').where('host_id', 'in', part).where('deleted_at', 'is', null).execute();
      const contained =
        containment.length === 0
          ? []
          : await db
              .selectFrom('relationship_instance')
              .select('target_id as id')
              .where('source_id', 'in', part)
              .where('relationship_id', 'in', [...containment])
              .execute();
      for (const { id } of [...hosted, ...contained]) {
        if (seen.has(id)) continue;
        seen.add(id);
        next.push(id);
      }
    }
    found.push(...(next as ObjectId[]));
    frontier = next;
  }
  return found;
}

/**
 * For each of `ids`, its direct parents (host, and containment sources), walked upward until no
 * new object appears. The map holds an entry for every object reached.
 */
export async function containerParents(db: Database, ids: readonly string[], containment: readonly string[]): Promise<Map<string, string[]>> {
  const parents = new Map<string, string[]>();
  let frontier = [...new Set(ids)];
  while (frontier.length > 0) {
    for (const id of frontier) parents.set(id, []);
    const next = new Set<string>();
    for (const part of chunked(frontier)) {
      const hosts = await db.selectFrom('monitoring_object').select(['id', 'host_id']).where('id', 'in', part).execute();
      const containers =
        containment.length === 0
          ? []
          : await db
              .selectFrom('relationship_instance')
              .select(['target_id as id', 'source_id as host_id'])
              .where('target_id', 'in', part)
              .where('relationship_id', 'in', [...containment])
              .execute();
      for (const { id, host_id } of [...hosts, ...containers]) {
        if (!host_id) continue;
        parents.get(id)!.push(host_id);
        if (!parents.has(host_id)) next.add(host_id);
      }
    }
    frontier = [...next];
  }
  return parents;
}

/** Of `ids`, those currently flagged in maintenance. */
export async function objectsFlaggedInMaintenance(db: Database, ids: readonly string[]): Promise<ObjectId[]> {
  const out: ObjectId[] = [];
  for (const part of chunked([...new Set(ids)])) {
    const rows = await db.selectFrom('monitoring_object').select('id').where('id', 'in', part).where('in_maintenance', '=', 1).execute();
    out.push(...rows.map((r) => r.id as ObjectId));
  }
  return out;
}

/**
 * Live objects not flagged in maintenance whose host, or a container through one of the
 * `containment` relationships, is flagged: the candidates a recursive window may newly cover
 * (objects discovered after the window started). At most `limit`.
 */
export async function unflaggedChildrenOfFlagged(db: Database, containment: readonly string[], limit: number): Promise<ObjectId[]> {
  const hosted = await db
    .selectFrom('monitoring_object as o')
    .innerJoin('monitoring_object as h', 'h.id', 'o.host_id')
    .select('o.id')
    .where('o.in_maintenance', '=', 0)
    .where('o.deleted_at', 'is', null)
    .where('h.in_maintenance', '=', 1)
    .limit(limit)
    .execute();
  const contained =
    containment.length === 0
      ? []
      : await db
          .selectFrom('relationship_instance as r')
          .innerJoin('monitoring_object as s', 's.id', 'r.source_id')
          .innerJoin('monitoring_object as t', 't.id', 'r.target_id')
          .select('t.id')
          .where('r.relationship_id', 'in', [...containment])
          .where('s.in_maintenance', '=', 1)
          .where('t.in_maintenance', '=', 0)
          .where('t.deleted_at', 'is', null)
          .limit(limit)
          .execute();
  return [...new Set([...hosted, ...contained].map((r) => r.id as ObjectId))];
}

/** Sets the in_maintenance flag of many objects (chunked); returns how many rows changed. */
export async function flagObjectsInMaintenance(db: Database, ids: readonly string[], inMaintenance: boolean, nowMs: number): Promise<number> {
  let changed = 0;
  const flag = inMaintenance ? 1 : 0;
  for (const part of chunked([...new Set(ids)])) {
    const result = await db
      .updateTable('monitoring_object')
      .set({ in_maintenance: flag, updated_at: nowMs })
      .where('id', 'in', part)
      .where('in_maintenance', '!=', flag)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

// ---- schedules --------------------------------------------------------------------------------

export interface MaintenanceScheduleRecord {
  readonly id: string;
  readonly name: string;
  readonly objectId: ObjectId;
  readonly recursive: boolean;
  /** The core schedule's timing (time zone, recurrence, duration) as stored JSON. */
  readonly timing: Readonly<Record<string, unknown>>;
  readonly reason: string;
  readonly planned: boolean;
  readonly comment: string;
  readonly enabled: boolean;
  readonly createdBy: string;
  readonly createdAtMs: number;
}

function toSchedule(row: MaintenanceScheduleTable): MaintenanceScheduleRecord {
  return {
    id: row.id,
    name: row.name,
    objectId: row.object_id as ObjectId,
    recursive: Number(row.recursive) === 1,
    timing: JSON.parse(row.schedule_json) as Record<string, unknown>,
    reason: row.reason,
    planned: Number(row.planned) === 1,
    comment: row.comment,
    enabled: Number(row.enabled) === 1,
    createdBy: row.created_by,
    createdAtMs: Number(row.created_at),
  };
}

function scheduleColumns(s: Omit<MaintenanceScheduleRecord, 'id' | 'createdBy' | 'createdAtMs'>) {
  return {
    name: s.name,
    object_id: s.objectId,
    recursive: s.recursive ? 1 : 0,
    schedule_json: JSON.stringify(s.timing),
    reason: s.reason,
    planned: s.planned ? 1 : 0,
    comment: s.comment,
    enabled: s.enabled ? 1 : 0,
  };
}

export async function insertMaintenanceSchedule(db: Database, schedule: MaintenanceScheduleRecord): Promise<void> {
  await db
    .insertInto('maintenance_schedule')
    .values({ id: schedule.id, created_by: schedule.createdBy, created_at: schedule.createdAtMs, ...scheduleColumns(schedule) })
    .execute();
}

/** Replaces the editable fields; returns false when no schedule has this id. */
export async function replaceMaintenanceSchedule(db: Database, schedule: MaintenanceScheduleRecord): Promise<boolean> {
  const result = await db.updateTable('maintenance_schedule').set(scheduleColumns(schedule)).where('id', '=', schedule.id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function removeMaintenanceSchedule(db: Database, id: string): Promise<boolean> {
  const result = await db.deleteFrom('maintenance_schedule').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findMaintenanceSchedule(db: Database, id: string): Promise<MaintenanceScheduleRecord | undefined> {
  const row = await db.selectFrom('maintenance_schedule').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSchedule(row) : undefined;
}

export async function findMaintenanceSchedules(db: Database, filter: { objectId?: string; enabledOnly?: boolean } = {}): Promise<MaintenanceScheduleRecord[]> {
  let query = db.selectFrom('maintenance_schedule').selectAll();
  if (filter.objectId !== undefined) query = query.where('object_id', '=', filter.objectId);
  if (filter.enabledOnly) query = query.where('enabled', '=', 1);
  return (await query.orderBy('name').orderBy('id').execute()).map(toSchedule);
}
