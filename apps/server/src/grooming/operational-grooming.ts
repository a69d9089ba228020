// Deletes what the operational database no longer keeps, dataset by dataset, in batches of at
// most `batchSize` rows, each batch its own short transaction, so grooming never blocks ingest.
// Stops between batches when ctx.signal aborts; the next run continues where it left off.
import { VigilError } from '@vigil/core';
import {
  groomDeletedObjectsBatch, groomEventsBatch, groomMaintenanceHistoryBatch, groomPerfSamplesOfSeries, groomReceivedBatchesBatch,
  groomResolvedAlertsBatch, groomStateChangesBatch, perfSeriesPage,
  type Database,
} from '@vigil/store';
import type { GroomingContext } from './grooming-context.ts';
import { DEFAULT_GROOMING_RETENTION, validateGroomingRetention, type GroomingDataset, type GroomingRetentionDays } from './grooming-retention.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_GROOMING_BATCH_SIZE = 5_000;
/** Series per perf batch: samples have no row id, so a batch is a slice of series. */
const PERF_SERIES_PER_BATCH = 200;

export interface GroomingResult {
  /** Rows deleted per dataset (alerts, not their history; objects, not what hung off them). */
  readonly deleted: Readonly<Record<GroomingDataset, number>>;
  /** Transactions committed. */
  readonly batches: number;
  /** True when the run stopped early because ctx.signal aborted. */
  readonly interrupted: boolean;
}

export type BatchDelete = (trx: Database, cutoffMs: number, limit: number) => Promise<number>;

/**
 * Runs `remove` in short transactions (each checking ctx.guard first) until a batch deletes fewer
 * than `batchSize` rows or ctx.signal aborts. Returns rows deleted, transactions, and whether it stopped early.
 */
export async function deleteInBatches(
  ctx: Pick<GroomingContext, 'db' | 'guard' | 'signal'>, remove: BatchDelete, cutoffMs: number, batchSize: number,
): Promise<{ readonly deleted: number; readonly batches: number; readonly interrupted: boolean }> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    if (ctx.signal?.aborted === true) return { deleted, batches, interrupted: true };
    const count = await ctx.db.transaction().execute(async (trx) => {
      await ctx.guard?.(trx);
      return remove(trx, cutoffMs, batchSize);
    });
    batches++;
    deleted += count;
    if (count < batchSize) return { deleted, batches, interrupted: false };
  }
}

const ROW_BATCHED: ReadonlyArray<[Exclude<GroomingDataset, 'perfSamples'>, BatchDelete]> = [
  ['resolvedAlerts', groomResolvedAlertsBatch],
  ['events', groomEventsBatch],
  ['stateChanges', groomStateChangesBatch],
  ['maintenanceHistory', groomMaintenanceHistoryBatch],
  ['receivedBatches', groomReceivedBatchesBatch],
  ['deletedObjects', groomDeletedObjectsBatch],
];

/** Grooms every dataset older than its retention at nowMs. Throws VALIDATION_FAILED for a bad retention. */
export async function groomOperationalData(
  ctx: GroomingContext,
  nowMs: number,
  retention: GroomingRetentionDays = DEFAULT_GROOMING_RETENTION,
  options: { readonly batchSize?: number } = {},
): Promise<GroomingResult> {
  const problems = validateGroomingRetention(retention);
  if (problems.length > 0) throw new VigilError('VALIDATION_FAILED', { what: `Grooming settings are invalid: ${problems.join('; ')}.` });
  const batchSize = options.batchSize ?? DEFAULT_GROOMING_BATCH_SIZE;
  const deleted: Record<GroomingDataset, number> = {
    resolvedAlerts: 0, events: 0, perfSamples: 0, stateChanges: 0, maintenanceHistory: 0, receivedBatches: 0, deletedObjects: 0,
  };
  let batches = 0;
  const batch = async (work: (trx: Database) => Promise<number>): Promise<number> => {
    const count = await ctx.db.transaction().execute(async (trx) => {
      await ctx.guard?.(trx);
      return work(trx);
    });
    batches++;
    return count;
  };
  const stopped = (): boolean => ctx.signal?.aborted === true;

  for (const [dataset, remove] of ROW_BATCHED) {
    const run = await deleteInBatches(ctx, remove, nowMs - retention[dataset] * DAY_MS, batchSize);
    deleted[dataset] += run.deleted;
    batches += run.batches;
    if (run.interrupted) return { deleted, batches, interrupted: true };
  }

  const perfCutoffMs = nowMs - retention.perfSamples * DAY_MS;
  for (let after: string | null = null; ; ) {
    if (stopped()) return { deleted, batches, interrupted: true };
    const series = await perfSeriesPage(ctx.db, after, PERF_SERIES_PER_BATCH);
    if (series.length === 0) break;
    deleted.perfSamples += await batch((trx) => groomPerfSamplesOfSeries(trx, series, perfCutoffMs));
    if (series.length < PERF_SERIES_PER_BATCH) break;
    after = series.at(-1)!;
  }
  return { deleted, batches, interrupted: false };
}
