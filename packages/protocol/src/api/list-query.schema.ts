// Paging, sorting and filtering for every list the SDK API serves. A list endpoint declares
// its sort keys and filters once; the query-string schema, the server's query and the SDK's
// types all come from that declaration. Paging is offset + limit with a hard maximum, so no
// request can make the server read a whole table.
import { Type, type Static, type TProperties, type TSchema, type TUnsafe } from 'typebox';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;
/** Deeper pages are refused: use a filter instead of paging through a fleet. */
export const MAX_PAGE_OFFSET = 100_000;

/** `name` sorts ascending, `-name` descending. */
export type SortKey<K extends string> = K | `-${K}`;

/** A union of literals built from a list: Unsafe keeps the static type (a mapped array alone would lose it). */
function sortSchema<K extends string>(keys: readonly K[]): TUnsafe<SortKey<K>> {
  return Type.Unsafe<SortKey<K>>(Type.Union(keys.flatMap((key) => [Type.Literal(key), Type.Literal(`-${key}`)])));
}

/**
 * The query-string schema of a list endpoint: `limit`, `offset`, `sort` (one of `sortKeys`,
 * `-` prefix = descending), `q` (case-insensitive substring of the list's search columns) and
 * the endpoint's own `filters`.
 */
export function ListQuerySchema<K extends string, F extends TProperties = Record<never, never>>(sortKeys: readonly K[], filters?: F) {
  return Type.Object(
    {
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: `items per page (max ${MAX_PAGE_LIMIT})` })),
      offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PAGE_OFFSET, default: 0, description: 'items to skip' })),
      sort: Type.Optional(sortSchema(sortKeys)),
      q: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'case-insensitive substring search' })),
      ...((filters ?? {}) as F),
    },
    { additionalProperties: false },
  );
}

/** What every list endpoint answers: one page and where the next one starts (null = last page). */
export function PageSchema<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0, description: 'items matching the filters (all pages)' }),
    offset: Type.Integer({ minimum: 0 }),
    limit: Type.Integer({ minimum: 1 }),
    nextOffset: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  });
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly nextOffset: number | null;
}

export type ListQuery = Static<ReturnType<typeof ListQuerySchema<string>>>;
