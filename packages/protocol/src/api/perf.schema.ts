// Performance data: the series an object has (counter + instance), and samples of several series
// over a time range, downsampled on the server to at most `points` buckets (min/avg/max each), so
// a chart never pulls raw samples it cannot draw.
import { Type, type Static } from 'typebox';
import { ListQuerySchema } from './list-query.schema.ts';
import { CappedPageSchema, IdListPattern, TotalFilter } from './monitoring-common.schema.ts';

export const MAX_PERF_POINTS = 2000;
export const DEFAULT_PERF_POINTS = 300;
export const MAX_PERF_SERIES_PER_QUERY = 20;

export const PerfSeriesSchema = Type.Object({
  id: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  objectKey: Type.String(),
  objectDisplayName: Type.Union([Type.String(), Type.Null()]),
  counter: Type.String(),
  instance: Type.String(),
  createdAtMs: Type.Integer(),
});
export type PerfSeriesView = Static<typeof PerfSeriesSchema>;

export const PERF_SERIES_SORT_KEYS = ['counter', 'instance', 'createdAtMs'] as const;
export const PerfSeriesListQuerySchema = ListQuerySchema(PERF_SERIES_SORT_KEYS, {
  objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  counter: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'exact counter name' })),
  ...TotalFilter,
});
export type PerfSeriesListQuery = Static<typeof PerfSeriesListQuerySchema>;
export const PerfSeriesPageSchema = CappedPageSchema(PerfSeriesSchema);

export const PerfSamplesQuerySchema = Type.Object(
  {
    series: Type.String({ pattern: IdListPattern, description: `series ids (comma-separated, at most ${MAX_PERF_SERIES_PER_QUERY})` }),
    fromMs: Type.Integer({ minimum: 0 }),
    toMs: Type.Integer({ minimum: 0, description: 'exclusive' }),
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PERF_POINTS, default: DEFAULT_PERF_POINTS, description: 'buckets per series' })),
  },
  { additionalProperties: false },
);
export type PerfSamplesQuery = Static<typeof PerfSamplesQuerySchema>;

/** One bucket [atMs, atMs + bucketMs): only buckets holding samples are returned. */
export const PerfPointSchema = Type.Object({
  atMs: Type.Integer(),
  min: Type.Number(),
  avg: Type.Number(),
  max: Type.Number(),
  count: Type.Integer({ minimum: 1 }),
});
export type PerfPoint = Static<typeof PerfPointSchema>;

export const PerfSamplesSchema = Type.Object({
  fromMs: Type.Integer(),
  toMs: Type.Integer(),
  bucketMs: Type.Integer({ minimum: 1 }),
  series: Type.Array(Type.Object({
    series: PerfSeriesSchema,
    points: Type.Array(PerfPointSchema),
  })),
});
export type PerfSamples = Static<typeof PerfSamplesSchema>;
