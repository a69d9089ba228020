// Performance samples: series ids from the cache (created in bulk when new), samples appended
// with the dialect's bulk path (COPY on PostgreSQL).
import { ensurePerfSeries, appendPerfSamples, seriesCacheKey, type SeriesIdentity } from '@vigil/store';
import type { ItemWriter } from './item-writer.ts';

const MAX_CACHED_SERIES = 1_000_000;

export const perfItemWriter: ItemWriter<'perf'> = {
  kind: 'perf',
  async write(items, context) {
    // The cache key is built once per item: at 100,000 values a second it is a hot path.
    const keys = items.map((item) => seriesCacheKey({ objectKey: item.objectKey, counter: item.counter, instance: item.instance ?? '' }));
    const missing = new Map<string, SeriesIdentity>();
    keys.forEach((key, index) => {
      if (!context.seriesIds.has(key) && !missing.has(key)) {
        const item = items[index]!;
        missing.set(key, { objectKey: item.objectKey, counter: item.counter, instance: item.instance ?? '' });
      }
    });
    if (missing.size > 0) {
      const created = await ensurePerfSeries(context.trx, [...missing.values()], context.clock.nowMs());
      if (context.seriesIds.size + created.size > MAX_CACHED_SERIES) context.seriesIds.clear();
      for (const [key, id] of created) context.seriesIds.set(key, id);
    }
    const rows = items.map((item, index) => [context.seriesIds.get(keys[index]!)!, item.timestampMs, item.value] as const);
    await appendPerfSamples(context.trx, rows);
  },
};
