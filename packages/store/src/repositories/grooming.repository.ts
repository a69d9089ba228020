// Grooming of the operational database: each function deletes ONE bounded batch (at most `limit`
// rows of the driving table) so the caller can loop with short transactions and never hold locks
// for long. Open alerts are never touched here: only resolution_state >= 254 is groomed.
import type { Alert, ObjectId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { HealthStateColumn } from '../schema/column-types.ts';
import { toAlert } from './alert.repository.ts';

const RESOLVED_FROM = 254;
const IN_CHUNK = 500;

function chunked<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Resolved or closed alerts resolved before `cutoffMs`, with their history. Returns alerts deleted. */
export async function groomResolvedAlertsBatch(db: Database, cutoffMs: number, limit: number): Promise<number> {
  const ids = (
    await db.selectFrom('alert').select('id').where('resolution_state', '>=', RESOLVED_FROM).where('resolved_at', '<', cutoffMs).limit(limit).execute()
  ).map((r) => r.id);
  for (const part of chunked(ids)) {
    await db.deleteFrom('alert_history').where('alert_id', 'in', part).execute();
    await db.deleteFrom('alert').where('id', 'in', part).execute();
  }
  return ids.length;
}

/** Tables groomed by age alone: rows appended before the cutoff go, oldest batch first. */
export type TimestampedTable = 'event' | 'state_change' | 'change_log';

/** Deletes at most `limit` rows of `table` whose `at` is before `cutoffMs`; returns how many. */
export async function groomOlderThanBatch(db: Database, table: TimestampedTable, cutoffMs: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom(table)
    .where('id', 'in', (eb) => eb.selectFrom(table).select('id').where('at', '<', cutoffMs).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export const groomEventsBatch = (db: Database, cutoffMs: number, limit: number): Promise<number> => groomOlderThanBatch(db, 'event', cutoffMs, limit);

export const groomStateChangesBatch = (db: Database, cutoffMs: number, limit: number): Promise<number> => groomOlderThanBatch(db, 'state_change', cutoffMs, limit);

/** Maintenance windows that ended before `cutoffMs` (active windows are never groomed). */
export async function groomMaintenanceHistoryBatch(db: Database, cutoffMs: number, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('maintenance_window')
    .where('id', 'in', (eb) => eb.selectFrom('maintenance_window').select('id').where('ended_at', 'is not', null).where('ended_at', '<', cutoffMs).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Series ids in id order after `afterId`: perf samples are groomed a slice of series at a time. */
export async function perfSeriesPage(db: Database, afterId: string | null, limit: number): Promise<string[]> {
  let query = db.selectFrom('perf_series').select('id');
  if (afterId !== null) query = query.where('id', '>', afterId);
  return (await query.orderBy('id').limit(limit).execute()).map((r) => r.id);
}

/**
 * Samples of `seriesIds` older than `cutoffMs`. perf_sample has no row id, so batches are bounded
 * by series (each delete is an index range on (series_id, at)) rather than by row count.
 */
export async function groomPerfSamplesOfSeries(db: Database, seriesIds: readonly string[], cutoffMs: number): Promise<number> {
  let deleted = 0;
  for (const part of chunked(seriesIds)) {
    const result = await db.deleteFrom('perf_sample').where('series_id', 'in', part).where('at', '<', cutoffMs).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/**
 * Exactly-once records received before `cutoffMs`, except those above their agent's high-water
 * mark: those still guard against a replay of a batch the mark has not passed yet.
 */
export async function groomReceivedBatchesBatch(db: Database, cutoffMs: number, limit: number): Promise<number> {
  const rows = await db
    .selectFrom('received_batch as r')
    .leftJoin('agent as a', 'a.id', 'r.source_id')
    .select(['r.source_id', 'r.seq'])
    .where('r.received_at', '<', cutoffMs)
    .where((eb) => eb.or([eb('a.high_water_seq', 'is', null), eb('r.seq', '<=', eb.ref('a.high_water_seq'))]))
    .limit(limit)
    .execute();
  const bySource = new Map<string, number[]>();
  for (const r of rows) bySource.set(r.source_id, [...(bySource.get(r.source_id) ?? []), Number(r.seq)]);
  let deleted = 0;
  for (const [sourceId, seqs] of bySource) {
    for (const part of chunked(seqs)) {
      const result = await db.deleteFrom('received_batch').where('source_id', '=', sourceId).where('seq', 'in', part).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
  }
  return deleted;
}

/**
 * Objects deleted before `cutoffMs`, with what hangs off them: monitor states, group member
 * rows, relationship instances, perf series and their samples. Their alerts are left to alert
 * grooming (an open alert is never groomed). Returns objects deleted.
 */
export async function groomDeletedObjectsBatch(db: Database, cutoffMs: number, limit: number): Promise<number> {
  const ids = (
    await db.selectFrom('monitoring_object').select('id').where('deleted_at', 'is not', null).where('deleted_at', '<', cutoffMs).limit(limit).execute()
  ).map((r) => r.id);
  for (const part of chunked(ids)) {
    await db.deleteFrom('monitor_state').where('object_id', 'in', part).execute();
    await db.deleteFrom('group_member').where('object_id', 'in', part).execute();
    await db.deleteFrom('relationship_instance').where('source_id', 'in', part).execute();
    await db.deleteFrom('relationship_instance').where('target_id', 'in', part).execute();
    const series = (await db.selectFrom('perf_series').select('id').where('object_id', 'in', part).execute()).map((r) => r.id);
    for (const seriesPart of chunked(series)) {
      await db.deleteFrom('perf_sample').where('series_id', 'in', seriesPart).execute();
      await db.deleteFrom('perf_series').where('id', 'in', seriesPart).execute();
    }
    await db.deleteFrom('monitoring_object').where('id', 'in', part).execute();
  }
  return ids.length;
}

/** Alerts in New (0) unmodified since `modifiedBeforeMs`, by id after `afterId`, with their history. */
export async function staleNewAlerts(db: Database, modifiedBeforeMs: number, afterId: string | null, limit: number): Promise<Alert[]> {
  let query = db.selectFrom('alert').selectAll().where('resolution_state', '=', 0).where('last_modified_at', '<=', modifiedBeforeMs);
  if (afterId !== null) query = query.where('id', '>', afterId);
  const rows = await query.orderBy('id').limit(limit).execute();
  if (rows.length === 0) return [];
  const history = (
    await Promise.all(chunked(rows.map((r) => r.id)).map((part) => db.selectFrom('alert_history').selectAll().where('alert_id', 'in', part).execute()))
  ).flat();
  const byAlert = new Map<string, typeof history>();
  for (const h of history) byAlert.set(h.alert_id, [...(byAlert.get(h.alert_id) ?? []), h]);
  return rows.map((row) => toAlert(row, byAlert.get(row.id) ?? []));
}

/** Current monitor states of the given objects, keyed `objectId monitorId`. */
export async function monitorStatesOfObjects(db: Database, objectIds: readonly ObjectId[]): Promise<Map<string, HealthStateColumn>> {
  const states = new Map<string, HealthStateColumn>();
  for (const part of chunked([...new Set(objectIds)])) {
    const rows = await db.selectFrom('monitor_state').select(['object_id', 'monitor_id', 'state']).where('object_id', 'in', part).execute();
    for (const r of rows) states.set(`${r.object_id} ${r.monitor_id}`, r.state);
  }
  return states;
}
