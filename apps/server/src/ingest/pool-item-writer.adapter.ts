// The production PoolItemWriter: pool members' agentless results (probe states, heartbeat-watch
// states, storm alerts, perf) go through the same item writers as agent data — so they raise and
// resolve alerts the same way — inside a transaction that first checks the member's lease fence.
import type { Item } from '@vigil/protocol';
import type { PoolFence, PoolLeaseRepository } from '@vigil/store';
import type { PoolItemWriter } from '../pool/pool-item-writer.ts';
import type { IngestEffects } from './ingest-context.ts';
import { writeGuardedItems, type IngestWriterDeps } from './ingest-writer.ts';

export function createIngestPoolItemWriter(
  deps: IngestWriterDeps,
  leases: PoolLeaseRepository,
  serverName: string,
  publish: (effects: IngestEffects) => void,
): PoolItemWriter {
  const source = { agentId: null, agentName: `pool:${serverName}`, hostName: serverName };
  return {
    async write(items: readonly Item[], fence: PoolFence) {
      const effects = await writeGuardedItems(deps, source, items, (trx) => leases.checkFence(trx, fence));
      if (!effects) return 'fenced';
      publish(effects);
      return 'written';
    },
  };
}
