// Management-server defaults a benchmark judges against (mirrors of apps/server values).
export { DEFAULT_INGEST_QUEUE_OPTIONS } from '../../apps/server/src/ingest/ingest-queue.ts';
import { DEFAULT_INGEST_QUEUE_OPTIONS } from '../../apps/server/src/ingest/ingest-queue.ts';

export const DEFAULT_INGEST_QUEUE_CAPACITY_BATCHES = DEFAULT_INGEST_QUEUE_OPTIONS.capacityBatches;
