// What the group services need. `guard` runs first in every write transaction and throws to
// abort it (pool fencing when recomputation runs as a pool job).
import type { Clock } from '@vigil/core';
import type { Database } from '@vigil/store';

export interface GroupContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly guard?: (trx: Database) => Promise<void>;
}
