// Pieces shared by the monitoring endpoints (alerts, objects, performance, events, state changes):
// health states, time ranges, comma lists in query strings, and the page with a capped total.
// Monitoring lists can hold 100,000 rows; counting them all on every page would cost more than
// the page itself, so their `total` is counted only up to MONITORING_TOTAL_CAP unless the caller
// asks for `total=exact`.
import { Type, type Static, type TSchema } from 'typebox';
import type { HealthStateSchema } from '../item.schema.ts';

export const MONITORING_TOTAL_CAP = 10_000;

export type HealthStateValue = Static<typeof HealthStateSchema>;
/** How an object is shown: its health state, or 'maintenance' while in maintenance mode. */
export const DisplayStateSchema = Type.Union([Type.Literal('healthy'), Type.Literal('warning'), Type.Literal('critical'), Type.Literal('unknown'), Type.Literal('maintenance')]);
/** A health state or null (flat: nested unions lose their static type). */
export const HealthStateOrNullSchema = Type.Union([Type.Literal('healthy'), Type.Literal('warning'), Type.Literal('critical'), Type.Literal('unknown'), Type.Null()]);
export type DisplayStateValue = Static<typeof DisplayStateSchema>;

/** A comma-separated list of `values` in a query string, e.g. `severity=critical,warning`. */
export function CommaListSchema(values: readonly string[], description: string) {
  return Type.String({ pattern: `^(${values.join('|')})(,(${values.join('|')}))*$`, description: `${description} (comma-separated: ${values.join(', ')})` });
}

export const IdListPattern = '^[A-Za-z0-9._:-]{1,128}(,[A-Za-z0-9._:-]{1,128}){0,99}$';

/** Time range filters (epoch ms, inclusive from, exclusive until). */
export const TimeRangeFilters = {
  sinceMs: Type.Optional(Type.Integer({ minimum: 0, description: 'from this time (epoch ms, inclusive)' })),
  untilMs: Type.Optional(Type.Integer({ minimum: 0, description: 'before this time (epoch ms, exclusive)' })),
};

/** `total=exact` counts every match; otherwise the count stops at MONITORING_TOTAL_CAP. */
export const TotalFilter = {
  total: Type.Optional(Type.Union([Type.Literal('capped'), Type.Literal('exact')], { description: `capped (default): total counts at most ${MONITORING_TOTAL_CAP} matches; exact: counts all` })),
};

/** A page whose total may be a lower bound (totalExact false: at least `total` items match). */
export function CappedPageSchema<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0, description: `items matching the filters, counted up to ${MONITORING_TOTAL_CAP} unless total=exact` }),
    totalExact: Type.Boolean({ description: 'false = more than `total` items match' }),
    offset: Type.Integer({ minimum: 0 }),
    limit: Type.Integer({ minimum: 1 }),
    nextOffset: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  });
}

export interface CappedPage<T> {
  readonly items: T[];
  readonly total: number;
  readonly totalExact: boolean;
  readonly offset: number;
  readonly limit: number;
  readonly nextOffset: number | null;
}

export const IdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });
export type IdParams = Static<typeof IdParamsSchema>;

/** Free-form JSON object (contexts, properties, event data). */
export const JsonObjectSchema = Type.Record(Type.String(), Type.Unknown());
