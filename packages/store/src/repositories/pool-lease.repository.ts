// Resource-pool leases, judged by the DATABASE's clock. Every time a lease is written or checked,
// "now" is read inside the statement (PostgreSQL clock_timestamp(), SQLite julianday('now')), so
// management servers on machines with skewed clocks still agree on who is live: the database is the
// single arbiter, as SCOM's default observer is. Members never compare their own wall clock with a
// stored expires_at; they only measure durations locally (see apps/server/src/pool/lease-keeper.ts).
//
// The epoch of a lease doubles as "held since": on every (re)acquire it becomes
// max(previous epoch + 1, database now in ms). It therefore increases strictly (fencing token) and
// tells every member, consistently, how long the holder has held its lease without a gap
// (settle rule for hysteresis; no extra column needed).
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { ManagementServerId, PoolId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { OperationalDatabase } from '../schema/operational-schema.ts';

/** The proof a pool workflow carries: its writes count only while this lease is current. */
export interface PoolFence {
  readonly poolId: PoolId;
  readonly serverId: ManagementServerId;
  readonly epoch: number;
}

export interface PoolLeaseRow {
  readonly serverId: ManagementServerId;
  readonly epoch: number;
  /** Database time at which the current epoch began (= epoch unless the clock went backwards). */
  readonly heldSinceMs: number;
  readonly renewedAtMs: number;
  readonly expiresAtMs: number;
}

export interface PoolLeaseSnapshot {
  /** Database time at which the rows were read. */
  readonly dbNowMs: number;
  readonly leases: readonly PoolLeaseRow[];
}

export type BarrierResult = 'expired' | 'valid' | 'busy';

export type LeaseRenewal =
  | { readonly status: 'renewed' | 'acquired'; readonly epoch: number; readonly expiresAtMs: number; readonly dbNowMs: number }
  /** The server is not (or no longer) a member of the pool: no lease was written. */
  | { readonly status: 'not-member' };

export interface PoolLeaseRepository {
  /**
   * Extends the lease held with `epoch` if it is still valid; otherwise (no lease, expired, other
   * epoch) acquires a new one with a higher epoch. Only pool members get a lease.
   */
  renewOrAcquire(poolId: PoolId, serverId: ManagementServerId, epoch: number | null, validMs: number): Promise<LeaseRenewal>;
  /** Ends the lease at once (clean stop or removal), so peers need not wait for it to expire. */
  release(poolId: PoolId, serverId: ManagementServerId, epoch: number): Promise<void>;
  /** All lease rows of a pool (expired ones included) with the database time they were read at. */
  snapshot(poolId: PoolId): Promise<PoolLeaseSnapshot>;
  /** Pools `serverId` is a member of. */
  membershipsOf(serverId: ManagementServerId): Promise<PoolId[]>;
  /**
   * True when `fence` is the current, unexpired lease. Call it inside the transaction that makes
   * the write: it locks the lease row until commit, so a peer taking over (see awaitExpired) waits
   * for the write to commit and every later fenced write of the stale member fails.
   */
  checkFence(trx: Transaction<OperationalDatabase> | Database, fence: PoolFence): Promise<boolean>;
  /**
   * The takeover barrier: waits, at most `maxWaitMs`, until no write fenced by `serverId`'s lease
   * can still be in flight. 'expired' when that lease has expired and no transaction holds its
   * row lock any more; 'valid' when the lease is valid again; 'busy' when a transaction still held
   * the row lock after `maxWaitMs` (a member cut off mid-write: its session keeps the lock until
   * the database ends it, see OpenStoreOptions.idleInTransactionTimeoutMs). Bounded so that the
   * caller's own lease renewals never wait behind a dead peer's lock.
   */
  awaitExpired(poolId: PoolId, serverId: ManagementServerId, maxWaitMs: number): Promise<BarrierResult>;
  /** Database time now, in epoch milliseconds. */
  dbNowMs(): Promise<number>;
}

const POSTGRES_NOW_MS = sql<number>`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`;
const SQLITE_NOW_MS = sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;

/**
 * Opens the lease repository on `db`. The database's "now" expression is found by asking the
 * database (outside any transaction) rather than by dialect name, so repositories stay dialect-free.
 */
export async function openPoolLeases(db: Database): Promise<PoolLeaseRepository> {
  return createRepository(db, await detectDatabaseClock(db));
}

interface DatabaseClock {
  readonly now: RawBuilder<number>;
  /**
   * PostgreSQL waits for row locks without limit unless told; this bounds one transaction's wait.
   * SQLite has no row locks: its writers queue on the file lock under the busy timeout instead,
   * and a dead process cannot keep that lock.
   */
  readonly limitLockWait: ((trx: Transaction<OperationalDatabase>, ms: number) => Promise<void>) | null;
}

async function detectDatabaseClock(db: Database): Promise<DatabaseClock> {
  try {
    await sql`select ${POSTGRES_NOW_MS} as now_ms`.execute(db);
    return {
      now: POSTGRES_NOW_MS,
      limitLockWait: async (trx, ms) => {
        await sql`select set_config('lock_timeout', ${`${Math.max(1, Math.round(ms))}ms`}, true)`.execute(trx);
      },
    };
  } catch {
    await sql`select ${SQLITE_NOW_MS} as now_ms`.execute(db);
    return { now: SQLITE_NOW_MS, limitLockWait: null };
  }
}

/** PostgreSQL's lock_not_available (lock_timeout) and SQLite's SQLITE_BUSY (busy timeout). */
function isLockWaitTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown };
  return e.code === '55P03' || e.errcode === 5 || (typeof e.message === 'string' && /database is locked/i.test(e.message));
}

function createRepository(db: Database, { now, limitLockWait }: DatabaseClock): PoolLeaseRepository {
  const readNow = async (executor: Database | Transaction<OperationalDatabase>): Promise<number> => {
    const { rows } = await sql<{ now_ms: number | string }>`select ${now} as now_ms`.execute(executor);
    return Number(rows[0]?.now_ms);
  };

  return {
    dbNowMs: () => readNow(db),

    async renewOrAcquire(poolId, serverId, epoch, validMs) {
      return db.transaction().execute(async (trx) => {
        const member = await trx.selectFrom('pool_member').select('server_id').where('pool_id', '=', poolId).where('server_id', '=', serverId).executeTakeFirst();
        if (!member) return { status: 'not-member' } as const;
        if (epoch !== null) {
          const renewed = await trx
            .updateTable('pool_lease')
            .set({ renewed_at: now, expires_at: sql<number>`${now} + ${validMs}` })
            .where('pool_id', '=', poolId)
            .where('server_id', '=', serverId)
            .where('epoch', '=', epoch)
            .where('expires_at', '>', now)
            .returning(['epoch', 'expires_at', 'renewed_at'])
            .executeTakeFirst();
          if (renewed) return { status: 'renewed', epoch: Number(renewed.epoch), expiresAtMs: Number(renewed.expires_at), dbNowMs: Number(renewed.renewed_at) } as const;
        }
        const dbNowMs = await readNow(trx);
        const acquired = await trx
          .insertInto('pool_lease')
          .values({ pool_id: poolId, server_id: serverId, epoch: dbNowMs, renewed_at: dbNowMs, expires_at: dbNowMs + validMs })
          .onConflict((oc) =>
            oc.columns(['pool_id', 'server_id']).doUpdateSet({
              epoch: sql<number>`case when pool_lease.epoch + 1 > ${dbNowMs} then pool_lease.epoch + 1 else ${dbNowMs} end`,
              renewed_at: dbNowMs,
              expires_at: dbNowMs + validMs,
            }),
          )
          .returning(['epoch', 'expires_at'])
          .executeTakeFirstOrThrow();
        return { status: 'acquired', epoch: Number(acquired.epoch), expiresAtMs: Number(acquired.expires_at), dbNowMs } as const;
      });
    },

    async release(poolId, serverId, epoch) {
      await db
        .updateTable('pool_lease')
        .set({ expires_at: now })
        .where('pool_id', '=', poolId)
        .where('server_id', '=', serverId)
        .where('epoch', '=', epoch)
        .where('expires_at', '>', now)
        .execute();
    },

    async snapshot(poolId) {
      return db.transaction().execute(async (trx) => {
        const dbNowMs = await readNow(trx);
        const rows = await trx.selectFrom('pool_lease').selectAll().where('pool_id', '=', poolId).orderBy('server_id').execute();
        const leases = rows.map((r) => ({
          serverId: r.server_id as ManagementServerId,
          epoch: Number(r.epoch),
          heldSinceMs: Math.min(Number(r.epoch), Number(r.renewed_at)),
          renewedAtMs: Number(r.renewed_at),
          expiresAtMs: Number(r.expires_at),
        }));
        return { dbNowMs, leases };
      });
    },

    async membershipsOf(serverId) {
      const rows = await db.selectFrom('pool_member').select('pool_id').where('server_id', '=', serverId).orderBy('pool_id').execute();
      return rows.map((r) => r.pool_id as PoolId);
    },

    async checkFence(trx, fence) {
      const result = await trx
        .updateTable('pool_lease')
        .set({ epoch: fence.epoch })
        .where('pool_id', '=', fence.poolId)
        .where('server_id', '=', fence.serverId)
        .where('epoch', '=', fence.epoch)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async awaitExpired(poolId, serverId, maxWaitMs) {
      try {
        return await db.transaction().execute(async (trx) => {
          if (limitLockWait) await limitLockWait(trx, maxWaitMs);
          // A no-op update takes the row lock, so it queues behind a fenced write still in flight.
          const result = await trx
            .updateTable('pool_lease')
            .set({ epoch: sql<number>`epoch` })
            .where('pool_id', '=', poolId)
            .where('server_id', '=', serverId)
            .where('expires_at', '<=', now)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 1) return 'expired';
          const row = await trx.selectFrom('pool_lease').select('server_id').where('pool_id', '=', poolId).where('server_id', '=', serverId).executeTakeFirst();
          return row === undefined ? 'expired' : 'valid';
        });
      } catch (error) {
        if (isLockWaitTimeout(error)) return 'busy';
        throw error;
      }
    },
  };
}
