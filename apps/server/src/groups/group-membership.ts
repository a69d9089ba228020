// Materialises group membership into group_member. A member is static (listed), dynamic (a rule
// matches) or nested (member of an included group), in that order of precedence for `via`.
// Full or scoped recomputation reads each candidate object once (keyset pages of the rules'
// classes), evaluates rules indexed by class, and writes only the difference, one transaction
// per group, so 15,000 computers (and their hosted objects) stay a few seconds of work.
import type { ObjectId } from '@vigil/core';
import {
  applyGroupMemberChanges, classBases, findGroups, membersOfGroup, membershipsOfObjects, objectsByIds, pageObjectsOfClass,
  type Database, type GroupMemberRow, type GroupMemberVia,
} from '@vigil/store';
import type { GroupContext } from './group-context.ts';
import { parseGroupDefinition, type GroupDefinition } from './group-definition.ts';
import { includedFirst, withIncluded, withIncluders, type IncludeGraph } from './group-graph.ts';
import { compileRules, derivedClasses, toMatchable, type CompiledRules } from './group-rule-matcher.ts';

const PAGE = 5_000;

export interface MembershipRecomputeResult {
  readonly groups: number;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** Groups skipped because they sit on (or include) a nesting cycle. */
  readonly cyclic: readonly string[];
}

type Membership = Map<string, Map<ObjectId, GroupMemberVia>>;

interface LoadedGroups {
  readonly definitions: Map<string, GroupDefinition>;
  readonly graph: IncludeGraph;
}

async function loadGroups(db: Database): Promise<LoadedGroups> {
  const definitions = new Map((await findGroups(db)).map((g) => [g.id, parseGroupDefinition(g.definition)] as const));
  const graph = new Map([...definitions].map(([id, d]) => [id, (d.includeGroups ?? []).filter((g) => definitions.has(g))] as const));
  return { definitions, graph };
}

/**
 * Recomputes memberships of every group, or of `groupIds` and the groups that include them.
 * Safe to run at any time; concurrent runs converge (each writes a full difference).
 */
export async function recomputeGroupMemberships(ctx: GroupContext, scope: { groupIds?: readonly string[] } = {}): Promise<MembershipRecomputeResult> {
  const { definitions, graph } = await loadGroups(ctx.db);
  const targets = scope.groupIds ? withIncluders(graph, scope.groupIds.filter((id) => definitions.has(id))) : new Set(definitions.keys());
  const needed = withIncluded(graph, targets);
  const { order, cyclic } = includedFirst(graph, needed);
  const neededDefs = new Map(order.map((id) => [id, definitions.get(id)!] as const));
  const membership: Membership = new Map(order.map((id) => [id, new Map()]));

  // Static members: only objects that exist and are live.
  const staticIds = [...neededDefs.values()].flatMap((d) => d.members ?? []);
  const live = new Set((await objectsByIds(ctx.db, staticIds)).map((o) => o.id as string));
  for (const [id, d] of neededDefs) for (const m of d.members ?? []) if (live.has(m)) membership.get(id)!.set(m as ObjectId, 'static');

  // Dynamic members: one pass over the objects of every class a rule can match.
  const rules = compileRules(neededDefs, derivedClasses(await classBases(ctx.db)));
  for (const classId of rules.classIds) {
    for (let after: string | null = null; ; ) {
      const page = await pageObjectsOfClass(ctx.db, classId, after, PAGE);
      for (const row of page) {
        if (row.deleted) continue;
        const object = toMatchable(row);
        for (const groupId of rules.groupsMatching(object)) {
          const members = membership.get(groupId)!;
          if (!members.has(object.id)) members.set(object.id, 'dynamic');
        }
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!.objectKey;
    }
  }

  // Nested members, included groups first.
  for (const id of order) {
    const members = membership.get(id)!;
    for (const included of graph.get(id) ?? []) for (const objectId of membership.get(included)?.keys() ?? []) if (!members.has(objectId)) members.set(objectId, 'nested');
  }

  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const groupId of order.filter((id) => targets.has(id))) {
    const existing = await membersOfGroup(ctx.db, groupId);
    const diff = difference(existing, membership.get(groupId)!, groupId);
    if (diff.add.length + diff.remove.length + diff.changeVia.length === 0) continue;
    await ctx.db.transaction().execute(async (trx) => {
      await ctx.guard?.(trx);
      await applyGroupMemberChanges(trx, diff);
    });
    added += diff.add.length;
    removed += diff.remove.length;
    changed += diff.changeVia.length;
  }
  return { groups: targets.size, added, removed, changed, cyclic: cyclic.filter((id) => targets.has(id)) };
}

/**
 * Re-evaluates only the given objects against every group (after discovery added or changed
 * them, or they were deleted). Membership of one object depends on no other object, so this is
 * exact and cheap.
 */
export async function recomputeMembershipsOfObjects(ctx: GroupContext, objectIds: readonly ObjectId[]): Promise<MembershipRecomputeResult> {
  const { definitions, graph } = await loadGroups(ctx.db);
  const { order, cyclic } = includedFirst(graph, definitions.keys());
  const usable = new Map(order.map((id) => [id, definitions.get(id)!] as const));
  const rules: CompiledRules = compileRules(usable, derivedClasses(await classBases(ctx.db)));
  const objects = (await objectsByIds(ctx.db, objectIds)).map(toMatchable);

  const desired: GroupMemberRow[] = [];
  for (const object of objects) {
    const via = new Map<string, GroupMemberVia>();
    for (const [id, d] of usable) if (d.members?.includes(object.id)) via.set(id, 'static');
    for (const id of rules.groupsMatching(object)) if (!via.has(id)) via.set(id, 'dynamic');
    for (const id of order) {
      if (via.has(id)) continue;
      if ((graph.get(id) ?? []).some((included) => via.has(included))) via.set(id, 'nested');
    }
    for (const [groupId, v] of via) desired.push({ groupId, objectId: object.id, via: v });
  }
  const existing = (await membershipsOfObjects(ctx.db, objectIds)).filter((m) => !cyclic.includes(m.groupId));
  const key = (m: GroupMemberRow): string => `${m.groupId}\u0000${m.objectId}`;
  const before = new Map(existing.map((m) => [key(m), m] as const));
  const after = new Map(desired.map((m) => [key(m), m] as const));
  const diff = {
    add: desired.filter((m) => !before.has(key(m))),
    remove: existing.filter((m) => !after.has(key(m))),
    changeVia: desired.filter((m) => before.has(key(m)) && before.get(key(m))!.via !== m.via),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    await applyGroupMemberChanges(trx, diff);
  });
  return { groups: usable.size, added: diff.add.length, removed: diff.remove.length, changed: diff.changeVia.length, cyclic };
}

function difference(existing: readonly GroupMemberRow[], desired: ReadonlyMap<ObjectId, GroupMemberVia>, groupId: string) {
  const have = new Map(existing.map((m) => [m.objectId, m.via] as const));
  const add: GroupMemberRow[] = [];
  const changeVia: GroupMemberRow[] = [];
  for (const [objectId, via] of desired) {
    const current = have.get(objectId);
    if (current === undefined) add.push({ groupId, objectId, via });
    else if (current !== via) changeVia.push({ groupId, objectId, via });
  }
  const remove = existing.filter((m) => !desired.has(m.objectId));
  return { add, remove, changeVia };
}
