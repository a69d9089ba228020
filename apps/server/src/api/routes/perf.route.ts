// Performance data: the series of an object (counter + instance) and samples of several series
// over a time range, downsampled in the database to at most `points` buckets of min/avg/max, so
// a month of 1-minute samples answers as 300 points.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { VigilError } from '@vigil/core';
import {
  DEFAULT_PERF_POINTS, MAX_PERF_SERIES_PER_QUERY, PerfSamplesQuerySchema, PerfSamplesSchema, PerfSeriesListQuerySchema, PerfSeriesPageSchema,
  type PerfPoint, type PerfSamples, type PerfSeriesView,
} from '@vigil/protocol';
import type { Database } from '@vigil/store';
import { callerOf } from '../access-control.ts';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { commaList, fetchCappedPage } from '../capped-page.ts';
import type { RouteDeps } from './route-deps.ts';

interface SeriesRow { id: string; object_id: string | null; object_key: string; counter: string; instance: string; created_at: number; object_display_name: string | null }

function toSeries(r: SeriesRow): PerfSeriesView {
  return { id: r.id, objectId: r.object_id, objectKey: r.object_key, objectDisplayName: r.object_display_name ?? null, counter: r.counter, instance: r.instance, createdAtMs: Number(r.created_at) };
}

function seriesSelect(db: Database) {
  return db.selectFrom('perf_series').leftJoin('monitoring_object', 'monitoring_object.id', 'perf_series.object_id')
    .select(['perf_series.id', 'perf_series.object_id', 'perf_series.object_key', 'perf_series.counter', 'perf_series.instance', 'perf_series.created_at', 'monitoring_object.display_name as object_display_name']);
}

export function perfRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = context;
  return async (app) => {
    app.get('/perf/series', {
      schema: { tags: ['performance'], summary: 'Performance series (counter + instance) of objects', querystring: PerfSeriesListQuerySchema, response: { 200: PerfSeriesPageSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      let q = seriesSelect(db).where(objectScopeCondition('perf_series.object_id', await scope.objects(callerOf(request), 'monitoring:read')));
      if (request.query.objectId) q = q.where((eb) => eb.or([eb('perf_series.object_id', '=', request.query.objectId!), eb('perf_series.object_key', '=', request.query.objectId!)]));
      if (request.query.counter) q = q.where('perf_series.counter', '=', request.query.counter);
      const page = await fetchCappedPage(db, q, request.query, {
        sortColumns: { counter: 'perf_series.counter', instance: 'perf_series.instance', createdAtMs: 'perf_series.created_at' },
        defaultSort: 'counter', tiebreaker: 'perf_series.id', searchColumns: ['perf_series.counter', 'perf_series.instance'],
      });
      return { ...page, items: (page.items as SeriesRow[]).map(toSeries) };
    });

    app.get('/perf/samples', {
      schema: { tags: ['performance'], summary: 'Samples of series over [fromMs, toMs), downsampled to min/avg/max per bucket', querystring: PerfSamplesQuerySchema, response: { 200: PerfSamplesSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request): Promise<PerfSamples> => {
      const { fromMs, toMs } = request.query;
      if (toMs <= fromMs) throw new VigilError('VALIDATION_FAILED', { what: 'toMs must be after fromMs.' });
      const ids = [...new Set(commaList(request.query.series) ?? [])];
      if (ids.length > MAX_PERF_SERIES_PER_QUERY) throw new VigilError('VALIDATION_FAILED', { what: `At most ${MAX_PERF_SERIES_PER_QUERY} series per query.` });
      const points = request.query.points ?? DEFAULT_PERF_POINTS;
      const bucketMs = Math.max(1, Math.ceil((toMs - fromMs) / points));
      const objectScope = await scope.objects(callerOf(request), 'monitoring:read');
      const series = (await seriesSelect(db).where('perf_series.id', 'in', ids).where(objectScopeCondition('perf_series.object_id', objectScope)).execute()) as SeriesRow[];
      const missing = ids.filter((id) => !series.some((s) => s.id === id));
      if (missing.length > 0) throw new VigilError('NOT_FOUND', { what: 'Performance series', id: missing.join(', ') });
      // Integer literals (validated above): integer division on both dialects, and the same
      // expression text in SELECT and GROUP BY (PostgreSQL would not match two parameters).
      const bucket = sql<number>`(perf_sample.at - ${sql.lit(fromMs)}) / ${sql.lit(bucketMs)}`;
      const rows = series.length === 0 ? [] : await db.selectFrom('perf_sample')
        .select(['perf_sample.series_id', bucket.as('bucket'), sql<number>`min(perf_sample.value)`.as('min'), sql<number>`avg(perf_sample.value)`.as('avg'), sql<number>`max(perf_sample.value)`.as('max'), sql<number>`count(*)`.as('n')])
        .where('perf_sample.series_id', 'in', ids).where('perf_sample.at', '>=', fromMs).where('perf_sample.at', '<', toMs)
        .groupBy(['perf_sample.series_id', bucket])
        .orderBy('perf_sample.series_id').orderBy(bucket)
        .execute();
      const bySeries = new Map<string, PerfPoint[]>();
      for (const r of rows) {
        const list = bySeries.get(r.series_id) ?? [];
        list.push({ atMs: fromMs + Math.floor(Number(r.bucket)) * bucketMs, min: Number(r.min), avg: Number(r.avg), max: Number(r.max), count: Number(r.n) });
        bySeries.set(r.series_id, list);
      }
      return { fromMs, toMs, bucketMs, series: ids.map((id) => ({ series: toSeries(series.find((s) => s.id === id)!), points: bySeries.get(id) ?? [] })) };
    });
  };
}
