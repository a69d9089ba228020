// Creating, changing and deleting groups through the API, and the questions others ask of them
// (members, "which groups is this object in" for RBAC scopes and override resolution).
// Membership is recomputed for the changed group (and the groups including it) before a write
// returns, so the caller sees the new members at once.
import { newUuid, VigilError, type ObjectId } from '@vigil/core';
import {
  findGroups, insertGroup, memberHealthOfGroup, membershipsOfObjects, removeGroup, replaceGroupDefinition,
  type GroupMemberHealth, type GroupMemberVia, type GroupRecord,
} from '@vigil/store';
import type { GroupContext } from './group-context.ts';
import { parseGroupDefinition, validateGroupDefinition, type GroupDefinition } from './group-definition.ts';
import { findCycle } from './group-graph.ts';
import { recomputeGroupMemberships } from './group-membership.ts';

export interface GroupInput extends GroupDefinition {
  readonly displayName: string;
}

export interface GroupView {
  readonly id: string;
  readonly displayName: string;
  readonly packName: string | null;
  readonly definition: GroupDefinition;
  readonly createdAtMs: number;
}

function toView(record: GroupRecord): GroupView {
  return { id: record.id, displayName: record.displayName, packName: record.packName, definition: parseGroupDefinition(record.definition), createdAtMs: record.createdAtMs };
}

function storedDefinition(input: GroupInput): Record<string, unknown> {
  const { displayName: _displayName, ...definition } = input;
  return { ...definition };
}

/** Validates fields, references and nesting; throws VALIDATION_FAILED, NOT_FOUND or GROUP_CYCLE. */
async function checkInput(ctx: GroupContext, id: string, input: GroupInput): Promise<void> {
  const problems = validateGroupDefinition(input);
  if (!input.displayName?.trim()) problems.push('displayName must not be empty');
  if (problems.length > 0) throw new VigilError('VALIDATION_FAILED', { what: `Group "${input.displayName}" is invalid: ${problems.join('; ')}.` });
  const groups = await findGroups(ctx.db);
  const known = new Set(groups.map((g) => g.id));
  for (const included of input.includeGroups ?? []) {
    if (included === id) throw new VigilError('GROUP_CYCLE', { groupId: id, includedId: id, path: `${id} -> ${id}` });
    if (!known.has(included)) throw new VigilError('NOT_FOUND', { what: 'Included group', id: included });
  }
  const graph = new Map(groups.map((g) => [g.id, parseGroupDefinition(g.definition).includeGroups ?? []] as const));
  graph.set(id, input.includeGroups ?? []);
  const cycle = findCycle(graph, id);
  if (cycle) throw new VigilError('GROUP_CYCLE', { groupId: id, includedId: cycle[1]!, path: cycle.join(' -> ') });
}

async function getRecord(ctx: Pick<GroupContext, 'db'>, id: string): Promise<GroupRecord> {
  const [record] = await findGroups(ctx.db, [id]);
  if (!record) throw new VigilError('NOT_FOUND', { what: 'Group', id });
  return record;
}

/** Creates a group and computes its members. Throws VALIDATION_FAILED, NOT_FOUND (included group), GROUP_CYCLE. */
export async function createGroup(ctx: GroupContext, input: GroupInput): Promise<GroupView> {
  const record: GroupRecord = { id: newUuid(ctx.clock.nowMs()), displayName: input.displayName.trim(), packName: null, definition: storedDefinition(input), createdAtMs: ctx.clock.nowMs() };
  await checkInput(ctx, record.id, input);
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    await insertGroup(trx, record);
  });
  await recomputeGroupMemberships(ctx, { groupIds: [record.id] });
  return toView(record);
}

/** Replaces a group's definition and recomputes it and the groups including it. Also throws GROUP_PACK_OWNED. */
export async function updateGroup(ctx: GroupContext, id: string, input: GroupInput): Promise<GroupView> {
  const existing = await getRecord(ctx, id);
  if (existing.packName) throw new VigilError('GROUP_PACK_OWNED', { groupId: id, pack: existing.packName });
  await checkInput(ctx, id, input);
  const definition = storedDefinition(input);
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    await replaceGroupDefinition(trx, id, input.displayName.trim(), definition);
  });
  await recomputeGroupMemberships(ctx, { groupIds: [id] });
  return toView({ ...existing, displayName: input.displayName.trim(), definition });
}

/** Deletes a group. Throws NOT_FOUND, GROUP_PACK_OWNED, or GROUP_IN_USE while another group includes it. */
export async function deleteGroup(ctx: GroupContext, id: string): Promise<void> {
  const existing = await getRecord(ctx, id);
  if (existing.packName) throw new VigilError('GROUP_PACK_OWNED', { groupId: id, pack: existing.packName });
  const users = (await findGroups(ctx.db)).filter((g) => parseGroupDefinition(g.definition).includeGroups?.includes(id));
  if (users.length > 0) throw new VigilError('GROUP_IN_USE', { groupId: id, users: users.map((g) => g.displayName).join(', ') });
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    await removeGroup(trx, id);
  });
}

export async function getGroup(ctx: Pick<GroupContext, 'db'>, id: string): Promise<GroupView> {
  return toView(await getRecord(ctx, id));
}

export async function listGroups(ctx: Pick<GroupContext, 'db'>): Promise<GroupView[]> {
  return (await findGroups(ctx.db)).map(toView);
}

/** Live members with health and maintenance, by name. Throws NOT_FOUND. */
export async function groupMembers(ctx: Pick<GroupContext, 'db'>, id: string, page: { limit?: number; offset?: number } = {}): Promise<GroupMemberHealth[]> {
  await getRecord(ctx, id);
  return memberHealthOfGroup(ctx.db, id, page);
}

export interface ObjectGroupMembership {
  readonly groupId: string;
  readonly displayName: string;
  readonly via: GroupMemberVia;
}

/**
 * The groups an object is in, transitively through nesting (nested memberships are stored), as
 * of the last recomputation. For RBAC scope filters and group-level override resolution.
 */
export async function groupsOfObject(ctx: Pick<GroupContext, 'db'>, objectId: ObjectId): Promise<ObjectGroupMembership[]> {
  const rows = await membershipsOfObjects(ctx.db, [objectId]);
  const names = new Map((await findGroups(ctx.db, rows.map((r) => r.groupId))).map((g) => [g.id, g.displayName] as const));
  return rows
    .filter((r) => names.has(r.groupId))
    .map((r) => ({ groupId: r.groupId, displayName: names.get(r.groupId)!, via: r.via }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
