// Role scopes answered from the operational database: groups by id or display name (their
// group_member rows already include members of nested groups), classes with every class derived
// from them through the class table's base_id chain. A scope naming a group that does not exist
// covers nothing from it: scoping never widens because a name is wrong.
import { sql } from 'kysely';
import type { Database } from '@vigil/store';
import type { GroupMembershipPort, ResolvedScope } from './group-membership.port.ts';

async function groupIdsOf(db: Database, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db.selectFrom('monitoring_group').select('id').where((eb) => eb.or([eb('id', 'in', names), eb('display_name', 'in', names)])).execute();
  return rows.map((r) => r.id);
}

/** `classIds` and every class derived from them (transitively). */
export async function withDerivedClasses(db: Database, classIds: readonly string[]): Promise<string[]> {
  if (classIds.length === 0) return [];
  const rows = await db.selectFrom('class').select(['id', 'base_id']).execute();
  const children = new Map<string, string[]>();
  for (const row of rows) if (row.base_id) children.set(row.base_id, [...(children.get(row.base_id) ?? []), row.id]);
  const found = new Set(classIds);
  const frontier = [...classIds];
  while (frontier.length > 0) {
    for (const child of children.get(frontier.pop()!) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        frontier.push(child);
      }
    }
  }
  return [...found];
}

export function createStoreGroupMembership(db: Database): GroupMembershipPort {
  return {
    async agentsInGroups(groupNames) {
      const groupIds = await groupIdsOf(db, groupNames);
      if (groupIds.length === 0) return new Set();
      const rows = await db
        .selectFrom('group_member')
        .innerJoin('monitoring_object', 'monitoring_object.id', 'group_member.object_id')
        .select(sql<string>`distinct monitoring_object.agent_id`.as('agent_id'))
        .where('group_member.group_id', 'in', groupIds)
        .where('monitoring_object.agent_id', 'is not', null)
        .execute();
      return new Set(rows.map((r) => r.agent_id));
    },
    async resolveScope(scope): Promise<ResolvedScope> {
      return {
        groupIds: scope.groups.length === 0 ? null : await groupIdsOf(db, scope.groups),
        classIds: scope.classes.length === 0 ? null : await withDerivedClasses(db, scope.classes),
      };
    },
  };
}
