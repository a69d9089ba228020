// The management server's one in-memory queue between links and the database. Links submit
// decoded batches and get a promise that settles after commit (that is when they ack). A single
// writer drains the queue in groups — one transaction per group — so commit cost is shared.
// The queue is bounded: when it is full, `saturated()` tells links to stop reading (the TCP
// window then pushes back on agents, which keep spooling to disk); nothing is ever dropped.
import type { Logger } from '@vigil/core';
import { writeBatchGroup, type BatchOutcome, type IngestBatch, type IngestWriterDeps } from './ingest-writer.ts';
import type { IngestEffects } from './ingest-context.ts';

export interface IngestQueueOptions {
  /** Batches waiting before links are paused. */
  readonly capacityBatches: number;
  /** Items waiting before links are paused. */
  readonly capacityItems: number;
  /** The most batches and items committed in one transaction. */
  readonly maxGroupBatches: number;
  readonly maxGroupItems: number;
}

// A group is one transaction. On SQLite the driver is synchronous, so a group blocks the event
// loop while it is written: 20,000 items keep that under a few hundred milliseconds, so links
// keep reading, acking and handshaking between groups, while still sharing each commit widely.
export const DEFAULT_INGEST_QUEUE_OPTIONS: IngestQueueOptions = {
  capacityBatches: 4000,
  capacityItems: 400_000,
  maxGroupBatches: 1000,
  maxGroupItems: 20_000,
};

export interface IngestQueueStats {
  readonly queuedBatches: number;
  readonly queuedItems: number;
  readonly committedBatches: number;
  readonly duplicateBatches: number;
  readonly failedBatches: number;
  readonly groups: number;
}

export interface IngestQueue {
  submit(batch: IngestBatch): Promise<BatchOutcome>;
  /** True while the queue is at capacity: links should stop reading until `whenDrained` resolves. */
  saturated(): boolean;
  /** Resolves once the queue is below capacity again (at once if it is). */
  whenDrained(): Promise<void>;
  onCommitted(listener: (effects: IngestEffects) => void): void;
  stats(): IngestQueueStats;
  /** Waits for everything queued to be written; later submits are refused. */
  close(): Promise<void>;
}

interface Pending {
  readonly batch: IngestBatch;
  resolve(outcome: BatchOutcome): void;
  reject(error: unknown): void;
}

export function createIngestQueue(deps: IngestWriterDeps, logger: Logger, options: IngestQueueOptions = DEFAULT_INGEST_QUEUE_OPTIONS): IngestQueue {
  const pending: Pending[] = [];
  let queuedItems = 0;
  let writing: Promise<void> | undefined;
  let closed = false;
  let drainedWaiters: Array<() => void> = [];
  const committedListeners: Array<(effects: IngestEffects) => void> = [];
  const counters = { committedBatches: 0, duplicateBatches: 0, failedBatches: 0, groups: 0 };
  const isSaturated = (): boolean => pending.length >= options.capacityBatches || queuedItems >= options.capacityItems;

  const takeGroup = (): Pending[] => {
    const group: Pending[] = [];
    let items = 0;
    while (pending.length > 0 && group.length < options.maxGroupBatches) {
      const next = pending[0]!;
      if (group.length > 0 && items + next.batch.items.length > options.maxGroupItems) break;
      group.push(pending.shift()!);
      items += next.batch.items.length;
    }
    queuedItems -= items;
    return group;
  };

  const settle = (group: readonly Pending[], outcomes: readonly BatchOutcome[], effects: IngestEffects): void => {
    counters.groups++;
    group.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'committed') counters.committedBatches++;
      else counters.duplicateBatches++;
      p.resolve(outcome);
    });
    for (const listener of committedListeners) listener(effects);
  };

  const writeGroup = async (group: Pending[]): Promise<void> => {
    try {
      const { outcomes, effects } = await writeBatchGroup(deps, group.map((p) => p.batch));
      settle(group, outcomes, effects);
    } catch (error) {
      if (group.length === 1) {
        counters.failedBatches++;
        logger.error({ err: error, sourceId: group[0]!.batch.source.agentId, seq: group[0]!.batch.seq }, 'batch could not be written; it stays in the sender\'s spool');
        group[0]!.reject(error);
        return;
      }
      // One bad batch must not hold back the others: write them one by one to find it.
      for (const single of group) await writeGroup([single]);
    }
  };

  const drain = async (): Promise<void> => {
    while (pending.length > 0) {
      const wasSaturated = isSaturated();
      await writeGroup(takeGroup());
      // Let links run between groups (frames, acks, TLS handshakes), whatever the driver does.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (wasSaturated && !isSaturated()) {
        const waiters = drainedWaiters;
        drainedWaiters = [];
        for (const wake of waiters) wake();
      }
    }
    writing = undefined;
  };

  return {
    submit(batch) {
      if (closed) return Promise.reject(new Error('ingest queue is closed'));
      return new Promise<BatchOutcome>((resolve, reject) => {
        pending.push({ batch, resolve, reject });
        queuedItems += batch.items.length;
        writing ??= drain();
      });
    },
    saturated: isSaturated,
    whenDrained: () => (isSaturated() ? new Promise<void>((resolve) => drainedWaiters.push(resolve)) : Promise.resolve()),
    onCommitted: (listener) => void committedListeners.push(listener),
    stats: () => ({ queuedBatches: pending.length, queuedItems, ...counters }),
    async close() {
      closed = true;
      await writing;
    },
  };
}
