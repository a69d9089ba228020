// What the maintenance services need: the database, the clock, which relationship types count
// as containment, and who to tell when maintenance starts or ends (notifications, live feed).
import type { Clock, ObjectId } from '@vigil/core';
import type { Database, MaintenanceWindowRecord } from '@vigil/store';

export type MaintenanceEvent =
  | {
      readonly kind: 'started';
      readonly window: MaintenanceWindowRecord;
      /** Objects that entered maintenance with this window (already-covered ones are left out). */
      readonly objectIds: readonly ObjectId[];
      readonly atMs: number;
    }
  | {
      readonly kind: 'ended';
      readonly window: MaintenanceWindowRecord;
      readonly cause: 'stopped' | 'expired';
      readonly by: string;
      /** Objects that left maintenance (ones another active window still covers stay in). */
      readonly objectIds: readonly ObjectId[];
      readonly atMs: number;
    };

export interface MaintenanceContext {
  readonly db: Database;
  readonly clock: Clock;
  /**
   * Relationship ids whose targets are contained by their source: a recursive window covers
   * them. Hosting (monitoring_object.host_id) is always followed.
   */
  readonly containmentRelationships?: readonly string[];
  /** Called after commit, once per window started or ended. Must not throw. */
  readonly onMaintenance?: (event: MaintenanceEvent) => void;
  /**
   * Runs first inside every write transaction; throws to abort it (pool fencing: the write
   * counts only while this server still owns the job).
   */
  readonly guard?: (trx: Database) => Promise<void>;
}

export function emitAll(ctx: MaintenanceContext, events: readonly MaintenanceEvent[]): void {
  for (const event of events) ctx.onMaintenance?.(event);
}
