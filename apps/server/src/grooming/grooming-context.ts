// What grooming and auto-resolution need. `guard` runs first in every write transaction and throws
// to abort it (pool fencing); `signal` stops a long run between batches (the pool job lost).
import type { AlertId, Clock, ObjectId } from '@vigil/core';
import type { Database } from '@vigil/store';

export interface GroomingContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly guard?: (trx: Database) => Promise<void>;
  readonly signal?: AbortSignal;
  /** Told after commit about alerts auto-resolved, for the live feed and notifications. */
  readonly onAlertsResolved?: (alerts: ReadonlyArray<{ alertId: AlertId; objectId: ObjectId | null }>) => void;
}
