// Every list and every single-object read or write is limited to the caller's scope. A caller's
// scope for a permission is the union of the scopes of the roles that grant it; one unscoped role
// granting it means "everything". Endpoints never interpret scopes themselves: they ask the
// filter for a Visibility and apply it to their query with `restrictTo`.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Permission } from '@vigil/protocol';
import type { Caller } from './caller.ts';
import type { GroupMembershipPort, ResolvedScope } from './group-membership.port.ts';
import { PROFILE_PERMISSIONS } from './profile-permissions.ts';

export type Visibility = { readonly kind: 'all' } | { readonly kind: 'only'; readonly ids: ReadonlySet<string> };

export const SEE_ALL: Visibility = { kind: 'all' };

/**
 * Which monitoring objects a caller may see: everything, or the objects admitted by at least one
 * clause (a clause admits members of its groups that are of its classes; null = no restriction).
 */
export type ObjectScope = { readonly kind: 'all' } | { readonly kind: 'only'; readonly clauses: readonly ResolvedScope[] };

export const ALL_OBJECTS: ObjectScope = { kind: 'all' };

export interface ScopeFilter {
  /** Which agents `caller` may see or act on with `permission`. */
  agents(caller: Caller, permission: Permission): Promise<Visibility>;
  /** Which monitoring objects (and so alerts, perf, events, state) `caller` may see or act on. */
  objects(caller: Caller, permission: Permission): Promise<ObjectScope>;
}

/** Group names the caller is limited to for `permission`, or 'all'. */
export function scopeGroupsOf(caller: Caller, permission: Permission): 'all' | readonly string[] {
  const granting = caller.roles.filter((role) => PROFILE_PERMISSIONS[role.profile].has(permission));
  if (granting.some((role) => role.profile === 'administrator' || (role.scope.groups ?? []).length === 0)) return 'all';
  return [...new Set(granting.flatMap((role) => role.scope.groups ?? []))];
}

export function createScopeFilter(membership: GroupMembershipPort): ScopeFilter {
  return {
    async agents(caller, permission) {
      const groups = scopeGroupsOf(caller, permission);
      if (groups === 'all') return SEE_ALL;
      const ids = await membership.agentsInGroups(groups);
      return ids === 'all' ? SEE_ALL : { kind: 'only', ids };
    },
    async objects(caller, permission) {
      const granting = caller.roles.filter((role) => PROFILE_PERMISSIONS[role.profile].has(permission));
      const unscoped = (role: Caller['roles'][number]) => role.profile === 'administrator' || ((role.scope.groups ?? []).length === 0 && (role.scope.classes ?? []).length === 0);
      if (granting.some(unscoped) || !membership.resolveScope) return ALL_OBJECTS;
      const clauses = await Promise.all(granting.map((role) => membership.resolveScope!({ groups: role.scope.groups ?? [], classes: role.scope.classes ?? [] })));
      return { kind: 'only', clauses };
    },
  };
}

/**
 * A where-condition on `objectIdColumn` (e.g. 'alert.object_id') admitting only objects in
 * `scope`. Subqueries, not id lists: a scope can cover 15,000 computers.
 */
export function objectScopeCondition(objectIdColumn: string, scope: ObjectScope): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  const clauses = scope.clauses.flatMap((clause) => {
    if ((clause.groupIds && clause.groupIds.length === 0) || (clause.classIds && clause.classIds.length === 0)) return [];
    const parts = [];
    if (clause.groupIds) parts.push(sql<SqlBool>`${sql.ref(objectIdColumn)} in (select gm.object_id from group_member gm where gm.group_id in (${sql.join(clause.groupIds)}))`);
    if (clause.classIds) parts.push(sql<SqlBool>`${sql.ref(objectIdColumn)} in (select so.id from monitoring_object so where so.class_id in (${sql.join(clause.classIds)}))`);
    return [parts.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(parts, sql` and `)})`];
  });
  if (clauses.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${sql.join(clauses, sql` or `)})`;
}

/** A where-condition on `idColumn` (e.g. 'agent.id') that admits only what `visibility` allows. */
export function visibleCondition(idColumn: string, visibility: Visibility): Expression<SqlBool> {
  if (visibility.kind === 'all') return sql<SqlBool>`1 = 1`;
  if (visibility.ids.size === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(idColumn)} in (${sql.join([...visibility.ids])})`;
}

export function isVisible(id: string, visibility: Visibility): boolean {
  return visibility.kind === 'all' || visibility.ids.has(id);
}
