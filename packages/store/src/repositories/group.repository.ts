// Groups: definitions (monitoring_group.definition_json, evaluated by the server) and their
// materialised members (group_member, one row per group and object, `via` saying why: static,
// dynamic or nested). Members of nested groups are materialised too, so "which groups is this
// object in" is one indexed lookup.
import type { ObjectId } from '@vigil/core';
import { bulkInsert, type Database } from '../store.ts';
import type { HealthStateColumn } from '../schema/column-types.ts';

const IN_CHUNK = 500;

function chunked<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type GroupMemberVia = 'static' | 'dynamic' | 'nested';

export interface GroupRecord {
  readonly id: string;
  readonly displayName: string;
  /** The pack that defines the group; null for groups made through the API. */
  readonly packName: string | null;
  /** Parsed definition_json; its shape is the server's group definition. */
  readonly definition: Readonly<Record<string, unknown>>;
  readonly createdAtMs: number;
}

export async function insertGroup(db: Database, group: GroupRecord): Promise<void> {
  await db
    .insertInto('monitoring_group')
    .values({
      id: group.id,
      display_name: group.displayName,
      pack_name: group.packName,
      definition_json: JSON.stringify(group.definition),
      created_at: group.createdAtMs,
    })
    .execute();
}

export async function replaceGroupDefinition(db: Database, id: string, displayName: string, definition: Readonly<Record<string, unknown>>): Promise<boolean> {
  const result = await db
    .updateTable('monitoring_group')
    .set({ display_name: displayName, definition_json: JSON.stringify(definition) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the group and its member rows. */
export async function removeGroup(db: Database, id: string): Promise<boolean> {
  await db.deleteFrom('group_member').where('group_id', '=', id).execute();
  const result = await db.deleteFrom('monitoring_group').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findGroups(db: Database, ids?: readonly string[]): Promise<GroupRecord[]> {
  const rows =
    ids === undefined
      ? await db.selectFrom('monitoring_group').selectAll().orderBy('display_name').execute()
      : (await Promise.all(chunked([...ids]).map((part) => db.selectFrom('monitoring_group').selectAll().where('id', 'in', part).execute()))).flat();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    packName: r.pack_name,
    definition: JSON.parse(r.definition_json) as Record<string, unknown>,
    createdAtMs: Number(r.created_at),
  }));
}

/** Every class with its base, for "this class or one derived from it". */
export async function classBases(db: Database): Promise<Array<{ id: string; baseId: string | null }>> {
  const rows = await db.selectFrom('class').select(['id', 'base_id']).execute();
  return rows.map((r) => ({ id: r.id, baseId: r.base_id }));
}

export interface GroupCandidateObject {
  readonly id: ObjectId;
  readonly classId: string;
  readonly objectKey: string;
  readonly displayName: string;
  readonly propertiesJson: string;
  readonly deleted?: boolean;
}

/**
 * One page of live objects of one class, ordered by object key after `afterKey`. Keyset paging on
 * the (class_id, object_key) unique index, so each page is an index range on both dialects.
 */
export async function pageObjectsOfClass(db: Database, classId: string, afterKey: string | null, limit: number): Promise<GroupCandidateObject[]> {
  let query = db
    .selectFrom('monitoring_object')
    .select(['id', 'class_id', 'object_key', 'display_name', 'properties_json', 'deleted_at'])
    .where('class_id', '=', classId);
  if (afterKey !== null) query = query.where('object_key', '>', afterKey);
  const rows = await query.orderBy('object_key').limit(limit).execute();
  // Deleted objects are filtered here, not in SQL, so the page boundary stays on the index.
  return rows.map((r) => ({ id: r.id as ObjectId, classId: r.class_id, objectKey: r.object_key, displayName: r.display_name, propertiesJson: r.properties_json, deleted: r.deleted_at !== null }));
}

/** The given objects that exist and are not deleted. */
export async function objectsByIds(db: Database, ids: readonly string[]): Promise<GroupCandidateObject[]> {
  const out: GroupCandidateObject[] = [];
  for (const part of chunked([...new Set(ids)])) {
    const rows = await db
      .selectFrom('monitoring_object')
      .select(['id', 'class_id', 'object_key', 'display_name', 'properties_json'])
      .where('id', 'in', part)
      .where('deleted_at', 'is', null)
      .execute();
    out.push(...rows.map((r) => ({ id: r.id as ObjectId, classId: r.class_id, objectKey: r.object_key, displayName: r.display_name, propertiesJson: r.properties_json })));
  }
  return out;
}

export interface GroupMemberRow {
  readonly groupId: string;
  readonly objectId: ObjectId;
  readonly via: GroupMemberVia;
}

export async function membersOfGroup(db: Database, groupId: string): Promise<GroupMemberRow[]> {
  const rows = await db.selectFrom('group_member').selectAll().where('group_id', '=', groupId).execute();
  return rows.map((r) => ({ groupId: r.group_id, objectId: r.object_id as ObjectId, via: r.via as GroupMemberVia }));
}

/** Member rows of the given objects, in any group. */
export async function membershipsOfObjects(db: Database, objectIds: readonly string[]): Promise<GroupMemberRow[]> {
  const out: GroupMemberRow[] = [];
  for (const part of chunked([...new Set(objectIds)])) {
    const rows = await db.selectFrom('group_member').selectAll().where('object_id', 'in', part).execute();
    out.push(...rows.map((r) => ({ groupId: r.group_id, objectId: r.object_id as ObjectId, via: r.via as GroupMemberVia })));
  }
  return out;
}

/** Applies a membership change: inserts, deletes, and `via` changes. Chunked; run inside a transaction. */
export async function applyGroupMemberChanges(
  db: Database,
  changes: { readonly add: readonly GroupMemberRow[]; readonly remove: readonly GroupMemberRow[]; readonly changeVia: readonly GroupMemberRow[] },
): Promise<void> {
  await bulkInsert(db, 'group_member', ['group_id', 'object_id', 'via'], changes.add.map((m) => [m.groupId, m.objectId, m.via]));
  const removeByGroup = new Map<string, string[]>();
  for (const m of changes.remove) removeByGroup.set(m.groupId, [...(removeByGroup.get(m.groupId) ?? []), m.objectId]);
  for (const [groupId, objectIds] of removeByGroup) {
    for (const part of chunked(objectIds)) await db.deleteFrom('group_member').where('group_id', '=', groupId).where('object_id', 'in', part).execute();
  }
  for (const m of changes.changeVia) {
    await db.updateTable('group_member').set({ via: m.via }).where('group_id', '=', m.groupId).where('object_id', '=', m.objectId).execute();
  }
}

export interface GroupMemberHealth {
  readonly objectId: ObjectId;
  readonly displayName: string;
  readonly classId: string;
  readonly via: GroupMemberVia;
  readonly healthState: HealthStateColumn;
  readonly inMaintenance: boolean;
}

/** Live members with their Entity Health, ordered by name; a page when limit is given. */
export async function memberHealthOfGroup(db: Database, groupId: string, page: { limit?: number; offset?: number } = {}): Promise<GroupMemberHealth[]> {
  let query = db
    .selectFrom('group_member as m')
    .innerJoin('monitoring_object as o', 'o.id', 'm.object_id')
    .select(['o.id', 'o.display_name', 'o.class_id', 'm.via', 'o.health_state', 'o.in_maintenance'])
    .where('m.group_id', '=', groupId)
    .where('o.deleted_at', 'is', null)
    .orderBy('o.display_name')
    .orderBy('o.id');
  if (page.limit !== undefined) query = query.limit(page.limit).offset(page.offset ?? 0);
  const rows = await query.execute();
  return rows.map((r) => ({
    objectId: r.id as ObjectId,
    displayName: r.display_name,
    classId: r.class_id,
    via: r.via as GroupMemberVia,
    healthState: r.health_state,
    inMaintenance: Number(r.in_maintenance) === 1,
  }));
}
