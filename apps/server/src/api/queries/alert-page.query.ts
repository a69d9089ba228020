// The alert view's first pages fast at 100,000 open alerts. Sorting all open alerts by time
// would read and sort every one of them; instead each resolution state present (found by index
// seeks) — and, for a severity or priority sort, each of their values — is read newest first
// through the (resolution_state, raised_at) index, only as deep as the page needs, and the short
// lists are merged. The top N overall is always inside the union of each partition's top N.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, MonitoringDatabase } from '@vigil/store';

type AlertQuery = SelectQueryBuilder<MonitoringDatabase, 'alert', { id: string; raised_at: number; severity: string; priority: string }>;

/** Pages deeper than this use the plain sorted query (the merge would read too much). */
export const MERGE_MAX_DEPTH = 2_000;

const RANKS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  severity: { critical: 2, warning: 1, information: 0 },
  priority: { high: 2, medium: 1, low: 0 },
};

/** The resolution states present in [low, high], by index seeks (one per state found). */
export async function statesPresent(db: Database, low: number, high: number): Promise<number[]> {
  const found: number[] = [];
  let after = low - 1;
  while (after < high) {
    const row = await db.selectFrom('alert').select(sql<number | null>`min(resolution_state)`.as('s')).where('resolution_state', '>', after).where('resolution_state', '<=', high).executeTakeFirst();
    if (row?.s === null || row?.s === undefined) break;
    after = Number(row.s);
    found.push(after);
  }
  return found;
}

export interface MergeOrder {
  /** Leading sort key with a small domain, or none (time only). */
  readonly partition: 'severity' | 'priority' | null;
  readonly descending: boolean;
}

/**
 * Ids of rows offset..offset+limit (plus one, to tell whether more follow) of `base` restricted
 * to `states`, ordered by (partition rank, raised_at, id) in `order.descending` direction.
 */
export async function mergedPageIds(base: AlertQuery, states: readonly number[], order: MergeOrder, offset: number, limit: number): Promise<string[]> {
  const depth = offset + limit + 1;
  const direction = order.descending ? 'desc' : 'asc';
  const values = order.partition ? Object.keys(RANKS[order.partition]!) : [null];
  const parts = await Promise.all(states.flatMap((state) => values.map(async (value) => {
    let q = base.where('alert.resolution_state', '=', state);
    if (order.partition && value !== null) q = q.where(`alert.${order.partition}`, '=', value as never);
    return q.orderBy('alert.raised_at', direction).orderBy('alert.id', direction).limit(depth).execute();
  })));
  const rank = (row: { severity: string; priority: string }): number => (order.partition ? RANKS[order.partition]![row[order.partition]]! : 0);
  const sign = order.descending ? -1 : 1;
  const merged = parts.flat().sort((a, b) => sign * (rank(a) - rank(b) || Number(a.raised_at) - Number(b.raised_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return merged.slice(offset, depth).map((r) => r.id);
}
