import { newId, type RoleId, type UserId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { UserProfile } from '../schema/operational-schema.ts';

export interface UserRecord {
  readonly id: UserId;
  readonly name: string;
  readonly displayName: string;
  readonly passwordHash: string | null;
  readonly createdAtMs: number;
  readonly disabledAtMs: number | null;
}

export interface RoleScope {
  readonly groups?: readonly string[];
  readonly classes?: readonly string[];
}

export interface RoleRecord {
  readonly id: RoleId;
  readonly name: string;
  readonly profile: UserProfile;
  readonly scope: RoleScope;
}

export async function createUser(
  db: Database,
  user: { name: string; displayName: string; passwordHash: string | null; nowMs: number },
): Promise<UserId> {
  const id = newId<UserId>(user.nowMs);
  await db
    .insertInto('app_user')
    .values({ id, name: user.name, display_name: user.displayName, password_hash: user.passwordHash, created_at: user.nowMs, disabled_at: null })
    .execute();
  return id;
}

export async function findUserByName(db: Database, name: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id as UserId,
    name: row.name,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    createdAtMs: row.created_at,
    disabledAtMs: row.disabled_at,
  };
}

export async function countUsers(db: Database): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function createRole(db: Database, role: { name: string; profile: UserProfile; scope: RoleScope; nowMs: number }): Promise<RoleId> {
  const id = newId<RoleId>(role.nowMs);
  await db
    .insertInto('role')
    .values({ id, name: role.name, profile: role.profile, scope_json: JSON.stringify(role.scope), created_at: role.nowMs })
    .execute();
  return id;
}

export async function assignRole(db: Database, userId: UserId, roleId: RoleId): Promise<void> {
  await db
    .insertInto('user_role')
    .values({ user_id: userId, role_id: roleId })
    .onConflict((oc) => oc.columns(['user_id', 'role_id']).doNothing())
    .execute();
}

export async function rolesOfUser(db: Database, userId: UserId): Promise<RoleRecord[]> {
  const rows = await db
    .selectFrom('role')
    .innerJoin('user_role', 'user_role.role_id', 'role.id')
    .select(['role.id', 'role.name', 'role.profile', 'role.scope_json'])
    .where('user_role.user_id', '=', userId)
    .orderBy('role.name')
    .execute();
  return rows.map((r) => ({ id: r.id as RoleId, name: r.name, profile: r.profile, scope: JSON.parse(r.scope_json) as RoleScope }));
}
