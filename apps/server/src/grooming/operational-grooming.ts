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

type BatchDelete = (trx: Database, cutoffMs: number, limit: number) => Promise<number>;

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
    const cutoffMs = nowMs - retention[dataset] * DAY_MS;
    for (;;) {
      if (stopped()) return { deleted, batches, interrupted: true };
      const count = await batch((trx) => remove(trx, cutoffMs, batchSize));
      deleted[dataset] += count;
      if (count < batchSize) break;
    }
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
