// The one way list endpoints page, sort and search. An endpoint builds its filtered, scoped
// select; `fetchPage` adds the case-insensitive `q` search, the requested order (plus a unique
// tiebreaker so pages never overlap or skip), offset and limit, and counts the total.
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page, type SortKey } from '@vigil/protocol';

export interface ListSpec<K extends string> {
  /** API sort key -> column reference ('agent.name'). */
  readonly sortColumns: Readonly<Record<K, string>>;
  readonly defaultSort: SortKey<NoInfer<K>>;
  /** A unique column appended to every ORDER BY. */
  readonly tiebreaker: string;
  /** Columns `q` searches (substring, case-insensitive). */
  readonly searchColumns: readonly string[];
}

export interface ListParams {
  readonly limit?: number;
  readonly offset?: number;
  readonly sort?: string;
  readonly q?: string;
}

/** `%`, `_` and `\` in the user's text match themselves. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Adds the case-insensitive `q` search over `columns` (LIKE with escaped wildcards). Shared by every list. */
export function applySearch<DB, TB extends keyof DB, O>(base: SelectQueryBuilder<DB, TB, O>, q: string | undefined, columns: readonly string[]): SelectQueryBuilder<DB, TB, O> {
  if (q === undefined || columns.length === 0) return base;
  const pattern = likePattern(q);
  const matches = columns.map((column) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`);
  return base.where(sql<SqlBool>`(${sql.join(matches, sql` or `)})`);
}

/** The column and direction a `sort=key|-key` parameter names (the default when the key is unknown). */
export function resolveSort<K extends string>(sort: string | undefined, spec: { sortColumns: Readonly<Record<K, string>>; defaultSort: SortKey<K> }): { column: string; descending: boolean } {
  const chosen = (sort ?? spec.defaultSort) as SortKey<K>;
  const descending = chosen.startsWith('-');
  const key = (descending ? chosen.slice(1) : chosen) as K;
  return { column: spec.sortColumns[key] ?? spec.sortColumns[spec.defaultSort.replace(/^-/, '') as K], descending };
}

export async function fetchPage<DB, TB extends keyof DB, O, K extends string>(
  base: SelectQueryBuilder<DB, TB, O>,
  params: ListParams,
  spec: ListSpec<K>,
): Promise<Page<O>> {
  const limit = Math.min(params.limit ?? DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
  const offset = params.offset ?? 0;
  const filtered = applySearch(base, params.q, spec.searchColumns);
  const { column, descending } = resolveSort(params.sort, spec);
  const direction = descending ? sql`desc` : sql`asc`;
  const rows = await filtered
    .orderBy(sql`${sql.ref(column)} ${direction} nulls last`)
    .orderBy(sql`${sql.ref(spec.tiebreaker)} ${direction}`)
    .limit(limit)
    .offset(offset)
    .execute();
  const counted = await filtered
    .clearSelect()
    .select(sql<number | string>`count(*)`.as('n'))
    .executeTakeFirst();
  const total = Number((counted as { n?: number | string } | undefined)?.n ?? 0);
  return { items: rows as O[], total, offset, limit, nextOffset: offset + rows.length < total ? offset + rows.length : null };
}

/** The same page with its items mapped to their API form. */
export async function mapPage<A, B>(page: Page<A>, map: (item: A) => B | Promise<B>): Promise<Page<B>> {
  return { ...page, items: await Promise.all(page.items.map(map)) };
}
