// Grooms the group's change log. The log only carries changes from the server that committed
// them to the servers following it (a follower is at most a few polls behind), so an hour is
// ample; monitoring history lives in state_change and alert_history, groomed by retention.
import { groomChangeLogBatch } from '@vigil/store';
import type { GroomingContext } from './grooming-context.ts';
import { deleteInBatches } from './operational-grooming.ts';

export const CHANGE_LOG_RETENTION_MS = 60 * 60_000;
const BATCH_ROWS = 5_000;

/** Deletes change-log rows older than the retention, one short transaction per batch. Returns rows deleted. */
export async function groomChangeLog(ctx: Pick<GroomingContext, 'db' | 'guard' | 'signal'>, nowMs: number): Promise<number> {
  return (await deleteInBatches(ctx, groomChangeLogBatch, nowMs - CHANGE_LOG_RETENTION_MS, BATCH_ROWS)).deleted;
}
