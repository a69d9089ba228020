import { newId, type ManagementServerId, type PoolId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { PoolKind } from '../schema/operational-schema.ts';

export const ALL_MANAGEMENT_SERVERS_POOL = 'All Management Servers';

export interface PoolRecord {
  readonly id: PoolId;
  readonly name: string;
  readonly kind: PoolKind;
  readonly createdAtMs: number;
  readonly memberIds: readonly ManagementServerId[];
}

export async function createPool(db: Database, name: string, kind: PoolKind, nowMs: number): Promise<PoolId> {
  const id = newId<PoolId>(nowMs);
  await db.insertInto('resource_pool').values({ id, name, kind, created_at: nowMs }).execute();
  return id;
}

/** Makes sure the automatic All Management Servers pool exists and `serverId` is in it. */
export async function joinAllServersPool(db: Database, serverId: ManagementServerId, nowMs: number): Promise<PoolId> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('resource_pool').select('id').where('name', '=', ALL_MANAGEMENT_SERVERS_POOL).executeTakeFirst();
    const poolId = (existing?.id as PoolId | undefined) ?? (await createPool(trx, ALL_MANAGEMENT_SERVERS_POOL, 'automatic', nowMs));
    await addPoolMember(trx, poolId, serverId, nowMs);
    return poolId;
  });
}

/** Adds a member; adding one that is already there changes nothing. */
export async function addPoolMember(db: Database, poolId: PoolId, serverId: ManagementServerId, nowMs: number): Promise<void> {
  await db
    .insertInto('pool_member')
    .values({ pool_id: poolId, server_id: serverId, added_at: nowMs })
    .onConflict((oc) => oc.columns(['pool_id', 'server_id']).doNothing())
    .execute();
}

export async function removePoolMember(db: Database, poolId: PoolId, serverId: ManagementServerId): Promise<void> {
  await db.deleteFrom('pool_member').where('pool_id', '=', poolId).where('server_id', '=', serverId).execute();
}

export async function listPools(db: Database): Promise<PoolRecord[]> {
  const pools = await db.selectFrom('resource_pool').selectAll().orderBy('name').execute();
  const members = await db.selectFrom('pool_member').select(['pool_id', 'server_id']).execute();
  return pools.map((p) => ({
    id: p.id as PoolId,
    name: p.name,
    kind: p.kind,
    createdAtMs: p.created_at,
    memberIds: members.filter((m) => m.pool_id === p.id).map((m) => m.server_id as ManagementServerId),
  }));
}
