// The port through which pool workflows deliver their results. Items are the same union agents
// send (@vigil/protocol): state-change items drive monitor states and monitor alerts, alert items
// are rule alerts, perf items are samples. The lead engineer's implementation sits on the ingest
// writer; tests use a store-backed writer (apps/server/test/pool/support).
import type { Item } from '@vigil/protocol';
import type { PoolFence } from '@vigil/store';

export type { PoolFence } from '@vigil/store';

export interface PoolItemWriter {
  /**
   * Writes `items` atomically if and only if `fence` is still the writer's current lease: the
   * implementation must call PoolLeaseRepository.checkFence(trx, fence) inside the same
   * transaction as the writes (it checks `epoch = fence.epoch AND expires_at > database now` and
   * locks the lease row until commit). 'fenced' means nothing was written; the caller drops the
   * items (the new owner produces its own). Database errors are thrown.
   */
  write(items: readonly Item[], fence: PoolFence): Promise<'written' | 'fenced'>;
}
