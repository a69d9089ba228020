// Pool administration and status for the SDK API and CLI (`vigil pool list|show|create|
// add-member|remove-member`). Removing a member does not touch its lease: the removed server
// notices at its next renew, stops its work and releases the lease, and only then do peers take
// its keys over (release is the hand-over signal), so nothing is worked on twice.
import { VigilError, type ManagementServerId, type PoolId } from '@vigil/core';
import {
  ALL_MANAGEMENT_SERVERS_POOL, addPoolMember, createPool as insertPool, removePoolMember, type Database, type PoolLeaseRepository,
} from '@vigil/store';
import { rendezvousOwner } from './rendezvous-owner.ts';
import { buildPoolView } from './pool-view.ts';

export interface PoolMemberStatus {
  readonly serverId: ManagementServerId;
  readonly serverName: string;
  /** True while the member's lease is valid (database time). */
  readonly live: boolean;
  /** True when the member may own objects (live and settled; see pool-view.ts). */
  readonly eligible: boolean;
  readonly epoch: number | null;
  /** How long the member has held its current lease without a gap; null without a lease. */
  readonly leaseHeldMs: number | null;
  /** Time since the last renewal (a healthy member stays below leaseRenewMs + jitter). */
  readonly sinceRenewMs: number | null;
  readonly expiresInMs: number | null;
  /** Pool-hosted objects this member owns by rendezvous over the eligible members. */
  readonly objectsOwned: number;
}

export interface PoolStatus {
  readonly id: PoolId;
  readonly name: string;
  readonly kind: 'automatic' | 'manual';
  readonly dbNowMs: number;
  readonly objectCount: number;
  readonly members: readonly PoolMemberStatus[];
}

/** Creates a manual pool; throws CONFLICT when the name is taken. */
export async function createPool(db: Database, name: string, nowMs: number): Promise<PoolId> {
  const existing = await db.selectFrom('resource_pool').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) throw new VigilError('CONFLICT', { what: `A resource pool named ${name} already exists.` });
  return insertPool(db, name, 'manual', nowMs);
}

/** Adds a server to a pool by names; throws NOT_FOUND for an unknown pool or server. */
export async function addMember(db: Database, poolName: string, serverName: string, nowMs: number): Promise<void> {
  const { poolId, serverId } = await resolve(db, poolName, serverName);
  await addPoolMember(db, poolId, serverId, nowMs);
}

/** Removes a server from a manual pool; the automatic pool's membership cannot be changed. */
export async function removeMember(db: Database, poolName: string, serverName: string): Promise<void> {
  if (poolName === ALL_MANAGEMENT_SERVERS_POOL) {
    throw new VigilError('POOL_AUTOMATIC_MEMBERSHIP', { pool: poolName });
  }
  const { poolId, serverId } = await resolve(db, poolName, serverName);
  await removePoolMember(db, poolId, serverId);
}

/** Members with lease age, epoch and objects owned; throws NOT_FOUND for an unknown pool. */
export async function poolStatus(db: Database, leases: PoolLeaseRepository, poolName: string, settleMs: number): Promise<PoolStatus> {
  const pool = await db.selectFrom('resource_pool').selectAll().where('name', '=', poolName).executeTakeFirst();
  if (!pool) throw new VigilError('NOT_FOUND', { what: 'Resource pool', id: poolName });
  const poolId = pool.id as PoolId;
  const snapshot = await leases.snapshot(poolId);
  const view = buildPoolView(poolId, snapshot, settleMs);
  const members = await db
    .selectFrom('pool_member')
    .innerJoin('management_server', 'management_server.id', 'pool_member.server_id')
    .select(['pool_member.server_id as id', 'management_server.name as name'])
    .where('pool_member.pool_id', '=', poolId)
    .orderBy('management_server.name')
    .execute();
  const objects = await db.selectFrom('monitoring_object').select('id').where('pool_id', '=', poolId).where('deleted_at', 'is', null).execute();
  const owned = new Map<string, number>();
  for (const o of objects) {
    const owner = rendezvousOwner(`probe:${o.id}`, view.eligible);
    if (owner) owned.set(owner, (owned.get(owner) ?? 0) + 1);
  }
  return {
    id: poolId,
    name: pool.name,
    kind: pool.kind,
    dbNowMs: snapshot.dbNowMs,
    objectCount: objects.length,
    members: members.map((m) => {
      const lease = snapshot.leases.find((l) => l.serverId === m.id);
      const live = view.live.includes(m.id as ManagementServerId);
      return {
        serverId: m.id as ManagementServerId,
        serverName: m.name,
        live,
        eligible: view.eligible.includes(m.id as ManagementServerId),
        epoch: lease?.epoch ?? null,
        leaseHeldMs: lease && live ? snapshot.dbNowMs - lease.heldSinceMs : null,
        sinceRenewMs: lease ? snapshot.dbNowMs - lease.renewedAtMs : null,
        expiresInMs: lease ? lease.expiresAtMs - snapshot.dbNowMs : null,
        objectsOwned: owned.get(m.id) ?? 0,
      };
    }),
  };
}

async function resolve(db: Database, poolName: string, serverName: string): Promise<{ poolId: PoolId; serverId: ManagementServerId }> {
  const pool = await db.selectFrom('resource_pool').select('id').where('name', '=', poolName).executeTakeFirst();
  if (!pool) throw new VigilError('NOT_FOUND', { what: 'Resource pool', id: poolName });
  const server = await db.selectFrom('management_server').select('id').where('name', '=', serverName).executeTakeFirst();
  if (!server) throw new VigilError('NOT_FOUND', { what: 'Management server', id: serverName });
  return { poolId: pool.id as PoolId, serverId: server.id as ManagementServerId };
}
