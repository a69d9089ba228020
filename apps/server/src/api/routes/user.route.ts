// Local users: list, create (with roles), disable, set a password. Disabling a user or setting
// their password signs them out everywhere. Nobody can disable themselves or the last enabled
// administrator, so the group can never be left without one.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError, type UserId } from '@vigil/core';
import { SetPasswordSchema, UserCreateSchema, UserListQuerySchema, UserNameParamsSchema, UserPageSchema, UserSchema, type User } from '@vigil/protocol';
import { assignRole, createUser, findUserByName, type Database, type UserRecord } from '@vigil/store';
import { hashPassword } from '../../auth/password-hash.ts';
import { endSessionsOfUser } from '../../auth/session-store.ts';
import { BOOTSTRAP_ADMIN_NAME, forgetBootstrapPassword } from '../../auth/admin-bootstrap.ts';
import { callerOf } from '../access-control.ts';
import { fetchPage, mapPage } from '../list-query.ts';
import { requireRoleIds } from './role.route.ts';
import type { RouteDeps } from './route-deps.ts';

async function roleNamesOf(db: Database, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (userIds.length === 0) return names;
  const rows = await db
    .selectFrom('user_role')
    .innerJoin('role', 'role.id', 'user_role.role_id')
    .select(['user_role.user_id', 'role.name'])
    .where('user_role.user_id', 'in', userIds)
    .orderBy('role.name')
    .execute();
  for (const row of rows) names.set(row.user_id, [...(names.get(row.user_id) ?? []), row.name]);
  return names;
}

interface UserRow {
  id: string;
  name: string;
  display_name: string;
  created_at: number;
  disabled_at: number | null;
}

function toUser(row: UserRow, roles: Map<string, string[]>): User {
  return { id: row.id, name: row.name, displayName: row.display_name, createdAtMs: row.created_at, disabledAtMs: row.disabled_at, roles: roles.get(row.id) ?? [] };
}

export async function requireUser(db: Database, name: string): Promise<UserRecord> {
  const user = await findUserByName(db, name);
  if (!user) throw new VigilError('NOT_FOUND', { what: 'User', id: name });
  return user;
}

/** Enabled users holding an administrator role, other than `except`. */
export async function otherEnabledAdministrators(db: Database, except: UserId): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .innerJoin('user_role', 'user_role.user_id', 'app_user.id')
    .innerJoin('role', 'role.id', 'user_role.role_id')
    .select((eb) => eb.fn.count<number>('app_user.id').distinct().as('n'))
    .where('role.profile', '=', 'administrator')
    .where('app_user.disabled_at', 'is', null)
    .where('app_user.id', '!=', except)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function userRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  return async (app) => {
    app.get('/users', {
      schema: { tags: ['users'], summary: 'List users', querystring: UserListQuerySchema, response: { 200: UserPageSchema } },
      config: { access: { permission: 'users:read' } },
    }, async (request) => {
      let query = db.selectFrom('app_user').select(['id', 'name', 'display_name', 'created_at', 'disabled_at']);
      if (request.query.disabled !== undefined) query = query.where('disabled_at', request.query.disabled ? 'is not' : 'is', null);
      const page = await fetchPage(query, request.query, {
        sortColumns: { name: 'name', createdAtMs: 'created_at' }, defaultSort: 'name', tiebreaker: 'id', searchColumns: ['name', 'display_name'],
      });
      const roles = await roleNamesOf(db, page.items.map((u) => u.id));
      return mapPage(page, (row) => toUser(row, roles));
    });

    app.post('/users', {
      schema: { tags: ['users'], summary: 'Create a local user', body: UserCreateSchema, response: { 201: UserSchema } },
      config: { access: { permission: 'users:manage' }, audit: { action: 'user.create', targetKind: 'user' } },
    }, async (request, reply) => {
      const { name, displayName, password, roles = [] } = request.body;
      if (await findUserByName(db, name)) throw new VigilError('CONFLICT', { what: `User ${name} already exists.` });
      const roleIds = await requireRoleIds(db, roles);
      const passwordHash = await hashPassword(password);
      const id = await db.transaction().execute(async (trx) => {
        const userId = await createUser(trx, { name, displayName: displayName ?? name, passwordHash, nowMs: clock.nowMs() });
        for (const roleId of roleIds) await assignRole(trx, userId, roleId);
        return userId;
      });
      request.auditNote = { targetId: name, detail: { roles } };
      const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return reply.status(201).send(toUser(row, await roleNamesOf(db, [id])));
    });

    app.post('/users/:name/disable', {
      schema: { tags: ['users'], summary: 'Disable a user and end their sessions (API tokens stop working too)', params: UserNameParamsSchema, response: { 200: UserSchema } },
      config: { access: { permission: 'users:manage' }, audit: { action: 'user.disable', targetKind: 'user', targetParam: 'name' } },
    }, async (request) => {
      const user = await requireUser(db, request.params.name);
      if (user.id === callerOf(request).userId) throw new VigilError('CONFLICT', { what: 'You cannot disable yourself; ask another administrator.' });
      if ((await otherEnabledAdministrators(db, user.id)) === 0 && (await isAdministrator(db, user.id))) {
        throw new VigilError('CONFLICT', { what: `User ${user.name} is the last enabled administrator; make someone else an administrator first.` });
      }
      if (user.disabledAtMs === null) {
        await db.updateTable('app_user').set({ disabled_at: clock.nowMs() }).where('id', '=', user.id).execute();
        await endSessionsOfUser(db, user.id);
      }
      const row = await db.selectFrom('app_user').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      return toUser(row, await roleNamesOf(db, [user.id]));
    });

    app.put('/users/:name/password', {
      schema: { tags: ['users'], summary: "Set a user's password (ends their sessions)", params: UserNameParamsSchema, body: SetPasswordSchema, response: { 204: { type: 'null' } } },
      config: { access: { permission: 'users:manage' }, audit: { action: 'user.set-password', targetKind: 'user', targetParam: 'name' } },
    }, async (request, reply) => {
      const user = await requireUser(db, request.params.name);
      await db.updateTable('app_user').set({ password_hash: await hashPassword(request.body.password) }).where('id', '=', user.id).execute();
      const credential = callerOf(request).credential;
      // Changing one's own password must not sign out the session that did it.
      await endSessionsOfUser(db, user.id, credential.kind === 'api-token' ? undefined : credential.sessionId);
      if (user.name === BOOTSTRAP_ADMIN_NAME) forgetBootstrapPassword(context.dataDir);
      return reply.status(204).send(null);
    });
  };
}

async function isAdministrator(db: Database, userId: UserId): Promise<boolean> {
  const row = await db
    .selectFrom('user_role')
    .innerJoin('role', 'role.id', 'user_role.role_id')
    .select('role.id')
    .where('user_role.user_id', '=', userId)
    .where('role.profile', '=', 'administrator')
    .executeTakeFirst();
  return row !== undefined;
}
