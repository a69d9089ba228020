// Performance data: a series is (object key, counter, instance); samples are (series, time,
// value), appended in bulk. Series ids are cached by the ingest path, so a sample costs one row.
import { newUuid } from '@vigil/core';
import type { Database } from '../store.ts';
import { bulkInsert } from '../store.ts';

export interface SeriesIdentity {
  readonly objectKey: string;
  readonly counter: string;
  readonly instance: string;
}

export function seriesCacheKey(identity: SeriesIdentity): string {
  return `${identity.objectKey}\u0000${identity.counter}\u0000${identity.instance}`;
}

/** Returns ids for every identity, creating missing series (safe against a concurrent creator). */
export async function ensurePerfSeries(db: Database, identities: readonly SeriesIdentity[], nowMs: number): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (identities.length === 0) return ids;
  const keys = [...new Set(identities.map((i) => i.objectKey))];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('perf_series').select(['id', 'object_key', 'counter', 'instance']).where('object_key', 'in', keys.slice(i, i + 500)).execute();
    for (const row of rows) ids.set(seriesCacheKey({ objectKey: row.object_key, counter: row.counter, instance: row.instance }), row.id);
  }
  const seen = new Set<string>();
  const missing = identities.filter((identity) => {
    const key = seriesCacheKey(identity);
    if (ids.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (missing.length > 0) {
    const objects = await db.selectFrom('monitoring_object').select(['id', 'object_key']).where('object_key', 'in', [...new Set(missing.map((m) => m.objectKey))]).execute();
    const objectIds = new Map(objects.map((o) => [o.object_key, o.id]));
    const rows = missing.map((m) => ({ id: newUuid(nowMs), object_id: objectIds.get(m.objectKey) ?? null, object_key: m.objectKey, counter: m.counter, instance: m.instance, created_at: nowMs }));
    await db.insertInto('perf_series').values(rows).onConflict((oc) => oc.columns(['object_key', 'counter', 'instance']).doNothing()).execute();
    const created = await db.selectFrom('perf_series').select(['id', 'object_key', 'counter', 'instance']).where('object_key', 'in', [...new Set(missing.map((m) => m.objectKey))]).execute();
    for (const row of created) ids.set(seriesCacheKey({ objectKey: row.object_key, counter: row.counter, instance: row.instance }), row.id);
  }
  return ids;
}

export async function appendPerfSamples(db: Database, samples: ReadonlyArray<readonly [seriesId: string, atMs: number, value: number]>): Promise<void> {
  await bulkInsert(db, 'perf_sample', ['series_id', 'at', 'value'], samples);
}

/** Links series recorded before their object was discovered. */
export async function attachSeriesToObject(db: Database, objectKey: string, objectId: string): Promise<void> {
  await db.updateTable('perf_series').set({ object_id: objectId }).where('object_key', '=', objectKey).where('object_id', 'is', null).execute();
}
