// The change log: each management server appends one row per committed transaction that changed
// monitoring (inside that transaction, so a row exists if and only if the change committed) and
// follows the rows the others append. Ids increase and are never reused, but on PostgreSQL they
// are assigned at insert, not at commit: a row may become visible after rows with larger ids.
// Followers therefore read forward from the largest id they have seen and look up the missing
// ids below it separately (changeLogRowsWithIds) until they appear or are given up.
import type { ManagementServerId } from '@vigil/core';
import type { Database } from '../store.ts';
import { groomOlderThanBatch } from './grooming.repository.ts';

export interface ChangeLogRow {
  readonly id: number;
  readonly atMs: number;
  readonly serverId: ManagementServerId;
  readonly effectsJson: string;
}

const IN_CHUNK = 500;

export async function appendChangeLog(db: Database, entry: { readonly atMs: number; readonly serverId: ManagementServerId; readonly effectsJson: string }): Promise<void> {
  await db.insertInto('change_log').values({ at: entry.atMs, server_id: entry.serverId, effects_json: entry.effectsJson }).execute();
}

/** Visible rows with an id above `afterId`, in id order, at most `limit`. */
export async function changeLogRowsAfter(db: Database, afterId: number, limit: number): Promise<ChangeLogRow[]> {
  const rows = await db.selectFrom('change_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map(toRow);
}

/** The visible rows among `ids`, in id order (ids not committed yet, or never, are simply absent). */
export async function changeLogRowsWithIds(db: Database, ids: readonly number[]): Promise<ChangeLogRow[]> {
  const out: ChangeLogRow[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const rows = await db.selectFrom('change_log').selectAll().where('id', 'in', ids.slice(i, i + IN_CHUNK)).orderBy('id').execute();
    out.push(...rows.map(toRow));
  }
  return out.sort((a, b) => a.id - b.id);
}

/** The largest visible id, 0 when the log is empty: where a new follower starts. */
export async function lastChangeLogId(db: Database): Promise<number> {
  const row = await db.selectFrom('change_log').select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
  return Number(row?.last ?? 0);
}

/** Deletes at most `limit` rows appended before `cutoffMs`; returns how many it deleted. */
export const groomChangeLogBatch = (db: Database, cutoffMs: number, limit: number): Promise<number> => groomOlderThanBatch(db, 'change_log', cutoffMs, limit);

function toRow(row: { id: number; at: number; server_id: string; effects_json: string }): ChangeLogRow {
  // Number(): PostgreSQL hands bigint back as a string unless the pool parses it.
  return { id: Number(row.id), atMs: Number(row.at), serverId: row.server_id as ManagementServerId, effectsJson: row.effects_json };
}
