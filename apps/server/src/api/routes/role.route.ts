// Roles: a profile plus a scope (groups, classes; empty = everything), and their members.
// Administrator roles are never scoped (as in SCOM). Removing the last enabled administrator's
// administrator role is refused.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError, type RoleId } from '@vigil/core';
import {
  RoleCreateSchema, RoleListQuerySchema, RoleMemberParamsSchema, RoleMemberSchema, RoleNameParamsSchema, RolePageSchema, RoleSchema, type Role,
} from '@vigil/protocol';
import { assignRole, createRole, type Database, type RoleScope, type UserProfile } from '@vigil/store';
import { fetchPage, mapPage } from '../list-query.ts';
import { otherEnabledAdministrators, requireUser } from './user.route.ts';
import type { RouteDeps } from './route-deps.ts';

interface RoleRow {
  id: string;
  name: string;
  profile: UserProfile;
  scope_json: string;
  created_at: number;
}

async function membersOf(db: Database, roleIds: readonly string[]): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>();
  if (roleIds.length === 0) return members;
  const rows = await db
    .selectFrom('user_role')
    .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
    .select(['user_role.role_id', 'app_user.name'])
    .where('user_role.role_id', 'in', roleIds)
    .orderBy('app_user.name')
    .execute();
  for (const row of rows) members.set(row.role_id, [...(members.get(row.role_id) ?? []), row.name]);
  return members;
}

function toRole(row: RoleRow, members: Map<string, string[]>): Role {
  const scope = JSON.parse(row.scope_json) as RoleScope;
  return {
    id: row.id, name: row.name, profile: row.profile, createdAtMs: row.created_at, members: members.get(row.id) ?? [],
    scope: { groups: [...(scope.groups ?? [])], classes: [...(scope.classes ?? [])] },
  };
}

async function requireRole(db: Database, name: string): Promise<RoleRow> {
  const row = await db.selectFrom('role').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) throw new VigilError('NOT_FOUND', { what: 'Role', id: name });
  return row;
}

/** The ids of the named roles; NOT_FOUND names the first unknown one. */
export async function requireRoleIds(db: Database, names: readonly string[]): Promise<RoleId[]> {
  if (names.length === 0) return [];
  const rows = await db.selectFrom('role').select(['id', 'name']).where('name', 'in', names).execute();
  const missing = names.find((n) => !rows.some((r) => r.name === n));
  if (missing !== undefined) throw new VigilError('NOT_FOUND', { what: 'Role', id: missing });
  return rows.map((r) => r.id as RoleId);
}

export function roleRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  return async (app) => {
    app.get('/roles', {
      schema: { tags: ['roles'], summary: 'List roles with their members', querystring: RoleListQuerySchema, response: { 200: RolePageSchema } },
      config: { access: { permission: 'roles:read' } },
    }, async (request) => {
      let query = db.selectFrom('role').select(['id', 'name', 'profile', 'scope_json', 'created_at']);
      if (request.query.profile) query = query.where('profile', '=', request.query.profile);
      const page = await fetchPage(query, request.query, {
        sortColumns: { name: 'name', profile: 'profile', createdAtMs: 'created_at' }, defaultSort: 'name', tiebreaker: 'id', searchColumns: ['name'],
      });
      const members = await membersOf(db, page.items.map((r) => r.id));
      return mapPage(page, (row) => toRole(row, members));
    });

    app.post('/roles', {
      schema: { tags: ['roles'], summary: 'Create a role (profile + scope)', body: RoleCreateSchema, response: { 201: RoleSchema } },
      config: { access: { permission: 'roles:manage' }, audit: { action: 'role.create', targetKind: 'role' } },
    }, async (request, reply) => {
      const { name, profile, scope = {} } = request.body;
      const scoped = (scope.groups?.length ?? 0) + (scope.classes?.length ?? 0) > 0;
      if (profile === 'administrator' && scoped) throw new VigilError('VALIDATION_FAILED', { what: 'Administrator roles cannot be scoped: they manage the whole management group.' });
      if (await db.selectFrom('role').select('id').where('name', '=', name).executeTakeFirst()) throw new VigilError('CONFLICT', { what: `Role ${name} already exists.` });
      const id = await createRole(db, { name, profile, scope: { groups: scope.groups ?? [], classes: scope.classes ?? [] }, nowMs: clock.nowMs() });
      request.auditNote = { targetId: name, detail: { profile, scope } };
      const row = await db.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return reply.status(201).send(toRole(row, new Map()));
    });

    app.post('/roles/:name/members', {
      schema: { tags: ['roles'], summary: 'Assign the role to a user', params: RoleNameParamsSchema, body: RoleMemberSchema, response: { 200: RoleSchema } },
      config: { access: { permission: 'roles:manage' }, audit: { action: 'role.assign', targetKind: 'role', targetParam: 'name' } },
    }, async (request) => {
      const role = await requireRole(db, request.params.name);
      const user = await requireUser(db, request.body.user);
      await assignRole(db, user.id, role.id as RoleId);
      request.auditNote = { detail: { user: user.name } };
      return toRole(role, await membersOf(db, [role.id]));
    });

    app.delete('/roles/:name/members/:user', {
      schema: { tags: ['roles'], summary: 'Take the role away from a user', params: RoleMemberParamsSchema, response: { 200: RoleSchema } },
      config: { access: { permission: 'roles:manage' }, audit: { action: 'role.unassign', targetKind: 'role', targetParam: 'name' } },
    }, async (request) => {
      const role = await requireRole(db, request.params.name);
      const user = await requireUser(db, request.params.user);
      if (role.profile === 'administrator' && (await otherEnabledAdministrators(db, user.id)) === 0) {
        throw new VigilError('CONFLICT', { what: `User ${user.name} is the last enabled administrator; make someone else an administrator first.` });
      }
      await db.deleteFrom('user_role').where('user_id', '=', user.id).where('role_id', '=', role.id).execute();
      request.auditNote = { detail: { user: user.name } };
      return toRole(role, await membersOf(db, [role.id]));
    });
  };
}
