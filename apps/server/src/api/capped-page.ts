// Pages for the monitoring lists, which can hold 100,000 rows. Unlike `fetchPage` (exact total
// on every page), the total is counted only up to MONITORING_TOTAL_CAP unless asked for
// (`total=exact`), and the next page is known from one extra row, so a first page costs one
// index range read plus a bounded count.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, MONITORING_TOTAL_CAP, type CappedPage, type SortKey } from '@vigil/protocol';
import type { Database } from '@vigil/store';
import { applySearch, resolveSort } from './list-query.ts';

export interface CappedListParams {
  readonly limit?: number;
  readonly offset?: number;
  readonly sort?: string;
  readonly q?: string;
  readonly total?: 'capped' | 'exact';
}


export interface CappedListSpec<K extends string> {
  /** API sort key -> column reference ('alert.raised_at'), or a name in `expressions`. */
  readonly sortColumns: Readonly<Record<K, string>>;
  readonly defaultSort: SortKey<NoInfer<K>>;
  /** A unique column appended to every ORDER BY. */
  readonly tiebreaker: string;
  readonly searchColumns: readonly string[];
}

export async function fetchCappedPage<DB, TB extends keyof DB, O, K extends string>(
  db: Database,
  base: SelectQueryBuilder<DB, TB, O>,
  params: CappedListParams,
  spec: CappedListSpec<K>,
  /** Sort expressions by name (e.g. severity rank), used where sortColumns names them. */
  expressions: Readonly<Record<string, RawBuilder<unknown>>> = {},
): Promise<CappedPage<O>> {
  const limit = Math.min(params.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
  const offset = params.offset ?? 0;
  const filtered = applySearch(base, params.q, spec.searchColumns);
  const { column, descending } = resolveSort(params.sort, spec);
  const direction = descending ? sql`desc` : sql`asc`;
  const fetched = (await filtered
    .orderBy(sql`${expressions[column] ?? sql.ref(column)} ${direction}`)
    .orderBy(sql`${sql.ref(spec.tiebreaker)} ${direction}`)
    .limit(limit + 1)
    .offset(offset)
    .execute()) as O[];
  const more = fetched.length > limit;
  const items = more ? fetched.slice(0, limit) : fetched;
  let total: number;
  let totalExact = true;
  if (!more && (items.length > 0 || offset === 0)) {
    total = offset + items.length;
  } else {
    const cap = params.total === 'exact' ? null : Math.max(MONITORING_TOTAL_CAP, offset + limit + 1);
    const rows = filtered.clearSelect().clearOrderBy().select(sql<number>`1`.as('one'));
    const bounded = cap === null ? rows : rows.limit(cap + 1);
    const counted = await db.selectFrom(bounded.as('matching') as never).select(sql<number | string>`count(*)`.as('n')).executeTakeFirst();
    total = Number((counted as { n?: number | string } | undefined)?.n ?? 0);
    if (cap !== null && total > cap) {
      total = cap;
      totalExact = false;
    }
  }
  return { items, total, totalExact, offset, limit, nextOffset: more ? offset + items.length : null };
}

/** Splits a comma list from a query string. */
export function commaList(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').filter((v) => v.length > 0);
}
