// The agent's durable outbound spool: items wait here, on disk, until the MS acknowledges them.
//
// Sequence numbers. Items are appended in order with no seq. nextBatch() packages the oldest
// unpackaged items into a batch and writes the batch's seq onto those rows in the same
// transaction that advances next_seq; a packaged batch is never repackaged. So whatever happens
// (reconnect, failover, SIGKILL, power cut), a resend carries the same (sourceId, seq) with the
// same items, and the receiver's dedupe by that pair gives exactly-once effect. acknowledge(seq)
// deletes every batch ≤ seq (acks are cumulative).
//
// Quota. pendingBytes counts the items' UTF-8 JSON payload (the file is somewhat larger). When an
// append would pass the quota, the items that do not fit are refused, counted in the persisted
// dropped counters and reported in the result and in health(): loss is never silent.
import type { Clock } from '@vigil/core/time';
import { VigilError } from '@vigil/core/errors';
import { MAX_BATCH_ITEMS, MAX_FRAME_BYTES, type Item } from '@vigil/protocol/link';
import { Buffer } from 'node:buffer';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { applySpoolSchema, type MetaKey } from './spool-schema.ts';
import { sendQueueState, type SpoolHealth } from './spool-health.ts';

export const DEFAULT_SPOOL_QUOTA_BYTES = 1024 * 1024 * 1024;
/** Room left in a frame for the batch envelope; a batch's items stay under MAX_FRAME_BYTES minus this. */
const ENVELOPE_RESERVE_BYTES = 64 * 1024;
/** Largest single item: anything bigger could never fit a frame, so it is refused (and counted) at append. */
export const MAX_ITEM_BYTES = MAX_FRAME_BYTES - ENVELOPE_RESERVE_BYTES;

export interface SpoolOptions {
  readonly path: string;
  readonly quotaBytes?: number;
  readonly clock: Clock;
}

export type AppendResult =
  | { readonly kind: 'accepted'; readonly acceptedCount: number }
  | {
      readonly kind: 'dropped';
      readonly acceptedCount: number;
      readonly droppedCount: number;
      readonly droppedBytes: number;
      readonly reason: 'quota-full' | 'item-too-large';
      /** For the agent log and the alert it raises. */
      readonly message: string;
    };

export interface SpooledBatch {
  readonly seq: number;
  readonly items: readonly Item[];
  readonly sizeBytes: number;
}

export interface Spool {
  /**
   * Appends items in order, in one transaction, fsynced before it returns. Items that would pass
   * the quota (and every item after the first such one, to keep order) are refused, as are items
   * too large for any frame; every refused item is counted (persisted) and reported in the result.
   */
  append(items: readonly Item[]): AppendResult;
  /**
   * The oldest batch with seq > afterSeq (default: the last acknowledged seq): an already packaged
   * batch is returned unchanged (same seq, same items, whatever maxItems is now); otherwise the
   * oldest unpackaged items (at most maxItems, within the frame limit) become a new batch.
   * Undefined when nothing is waiting. Pass the last seq sent to pipeline several batches.
   */
  nextBatch(maxItems?: number, afterSeq?: number): SpooledBatch | undefined;
  /** Deletes every batch with seq ≤ seq. Returns how many items were deleted. Idempotent. */
  acknowledge(seq: number): number;
  /**
   * Called with welcome.committedSeq before sending on a new link. Normally an acknowledge. If the
   * MS has committed seqs this spool never assigned, the spool was recreated (its seqs restarted):
   * packaged batches are unpackaged and numbering resumes above the MS's mark, so new data is not
   * mistaken for duplicates. Returns which of the two happened.
   */
  resume(committedSeq: number): 'acknowledged' | 'renumbered';
  pendingBytes(): number;
  pendingCount(): number;
  health(): SpoolHealth;
  close(): void;
}

/** Opens (or creates) the spool at `path`; throws DATA_DIR_INVALID if the file cannot be used. */
export function openSpool(options: SpoolOptions): Spool {
  const quotaBytes = options.quotaBytes ?? DEFAULT_SPOOL_QUOTA_BYTES;
  if (!Number.isSafeInteger(quotaBytes) || quotaBytes <= 0) {
    throw new VigilError('CONFIG_INVALID', { key: 'spool quotaBytes', problem: `is ${quotaBytes}`, allowed: 'a positive integer' });
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(options.path);
    applySpoolSchema(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /locked|busy/i.test(reason) ? ' (another agent process is using this spool)' : '';
    throw new VigilError('DATA_DIR_INVALID', { path: options.path, reason: `spool cannot be opened: ${reason}${hint}` }, { cause: error });
  }
  return createSpool(db, quotaBytes, options.clock);
}

function createSpool(db: DatabaseSync, quotaBytes: number, clock: Clock): Spool {
  const statements = {
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('UPDATE meta SET value = ? WHERE key = ?'),
    insert: db.prepare('INSERT INTO item (appended_ms, size_bytes, body) VALUES (?, ?, ?)'),
    nextPackaged: db.prepare('SELECT MIN(batch_seq) AS seq FROM item WHERE batch_seq > ?'),
    batchItems: db.prepare('SELECT size_bytes, body FROM item WHERE batch_seq = ? ORDER BY id'),
    unpackaged: db.prepare('SELECT id, size_bytes, body FROM item WHERE batch_seq IS NULL ORDER BY id LIMIT ?'),
    assign: db.prepare('UPDATE item SET batch_seq = ? WHERE batch_seq IS NULL AND id <= ?'),
    ackedTotals: db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(size_bytes), 0) AS bytes FROM item WHERE batch_seq <= ?'),
    deleteAcked: db.prepare('DELETE FROM item WHERE batch_seq <= ?'),
    unpackageAll: db.prepare('UPDATE item SET batch_seq = NULL WHERE batch_seq IS NOT NULL'),
    oldest: db.prepare('SELECT appended_ms FROM item ORDER BY id LIMIT 1'),
  } satisfies Record<string, StatementSync>;
  // Counters are cached in memory and written in the same transaction as the rows they count.
  const meta = new Map<MetaKey, number>();
  for (const key of ['next_seq', 'acked_seq', 'pending_bytes', 'pending_count', 'dropped_items', 'dropped_bytes'] as const) {
    meta.set(key, Number((statements.getMeta.get(key) as { value: number | bigint }).value));
  }
  const get = (key: MetaKey): number => meta.get(key) ?? 0;
  let open = true;

  function transaction<T>(work: (staged: Map<MetaKey, number>) => T): T {
    if (!open) throw new VigilError('INTERNAL', { reason: 'spool used after close()' });
    const staged = new Map<MetaKey, number>();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work(staged);
      for (const [key, value] of staged) statements.setMeta.run(value, key);
      db.exec('COMMIT');
      for (const [key, value] of staged) meta.set(key, value);
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  function append(items: readonly Item[]): AppendResult {
    if (items.length === 0) return { kind: 'accepted', acceptedCount: 0 };
    const nowMs = clock.nowMs();
    return transaction((staged) => {
      let pendingBytes = get('pending_bytes');
      let accepted = 0;
      let tooLarge = 0;
      // Once one item does not fit the quota, every later item of this call is refused too, so
      // what is kept is always an unbroken prefix (no holes in the middle of a sequence).
      let quotaFull = false;
      let droppedBytes = 0;
      for (const item of items) {
        const body = JSON.stringify(item);
        const sizeBytes = Buffer.byteLength(body);
        if (sizeBytes > MAX_ITEM_BYTES) {
          tooLarge++;
          droppedBytes += sizeBytes;
          continue;
        }
        if (quotaFull || pendingBytes + sizeBytes > quotaBytes) {
          quotaFull = true;
          droppedBytes += sizeBytes;
          continue;
        }
        statements.insert.run(nowMs, sizeBytes, body);
        pendingBytes += sizeBytes;
        accepted++;
      }
      const dropped = items.length - accepted;
      staged.set('pending_bytes', pendingBytes);
      staged.set('pending_count', get('pending_count') + accepted);
      if (dropped === 0) return { kind: 'accepted', acceptedCount: accepted };
      staged.set('dropped_items', get('dropped_items') + dropped);
      staged.set('dropped_bytes', get('dropped_bytes') + droppedBytes);
      const why = [
        quotaFull ? `the spool quota of ${quotaBytes} bytes is full (the MS has been unreachable or slow)` : '',
        tooLarge > 0 ? `${tooLarge} item(s) exceed ${MAX_ITEM_BYTES} bytes and could never be sent` : '',
      ].filter((text) => text !== '');
      return {
        kind: 'dropped',
        acceptedCount: accepted,
        droppedCount: dropped,
        droppedBytes,
        reason: quotaFull ? 'quota-full' : 'item-too-large',
        message: `Dropped ${dropped} item(s) (${droppedBytes} bytes) because ${why.join(' and ')}; ${get('dropped_items') + dropped} dropped in total.`,
      };
    });
  }

  function readBatch(seq: number): SpooledBatch {
    const rows = statements.batchItems.all(seq) as { size_bytes: number; body: string }[];
    let sizeBytes = 0;
    for (const row of rows) sizeBytes += row.size_bytes;
    return { seq, items: parseItems(rows), sizeBytes };
  }

  function nextBatch(maxItems = MAX_BATCH_ITEMS, afterSeq = get('acked_seq')): SpooledBatch | undefined {
    const limit = Math.max(1, Math.min(Math.floor(maxItems), MAX_BATCH_ITEMS));
    const packaged = (statements.nextPackaged.get(afterSeq) as { seq: number | null }).seq;
    if (packaged !== null) return readBatch(packaged);
    const rows = statements.unpackaged.all(limit) as { id: number; size_bytes: number; body: string }[];
    if (rows.length === 0) return undefined;
    const budgetBytes = MAX_FRAME_BYTES - ENVELOPE_RESERVE_BYTES;
    let sizeBytes = 0;
    let count = 0;
    for (const row of rows) {
      if (count > 0 && sizeBytes + row.size_bytes > budgetBytes) break;
      sizeBytes += row.size_bytes;
      count++;
    }
    const lastId = rows[count - 1]!.id;
    const seq = get('next_seq');
    // The assignment is committed before the batch is handed out: it is then fixed for good.
    transaction((staged) => {
      statements.assign.run(seq, lastId);
      staged.set('next_seq', seq + 1);
    });
    return { seq, items: parseItems(rows.slice(0, count)), sizeBytes };
  }

  function acknowledge(seq: number): number {
    if (!Number.isSafeInteger(seq) || seq <= get('acked_seq')) return 0;
    return transaction((staged) => {
      const totals = statements.ackedTotals.get(seq) as { n: number; bytes: number };
      statements.deleteAcked.run(seq);
      staged.set('acked_seq', Math.min(seq, get('next_seq') - 1));
      staged.set('pending_count', get('pending_count') - Number(totals.n));
      staged.set('pending_bytes', get('pending_bytes') - Number(totals.bytes));
      return Number(totals.n);
    });
  }

  function resume(committedSeq: number): 'acknowledged' | 'renumbered' {
    if (committedSeq < get('next_seq')) {
      acknowledge(committedSeq);
      return 'acknowledged';
    }
    transaction((staged) => {
      statements.unpackageAll.run();
      staged.set('next_seq', committedSeq + 1);
      staged.set('acked_seq', committedSeq);
    });
    return 'renumbered';
  }

  function health(): SpoolHealth {
    const sendQueueBytes = get('pending_bytes');
    const sendQueuePercent = (sendQueueBytes / quotaBytes) * 100;
    const oldest = statements.oldest.get() as { appended_ms: number } | undefined;
    return {
      state: sendQueueState(sendQueuePercent),
      sendQueueBytes,
      quotaBytes,
      sendQueuePercent,
      pendingCount: get('pending_count'),
      droppedItemsTotal: get('dropped_items'),
      droppedBytesTotal: get('dropped_bytes'),
      oldestPendingMs: oldest?.appended_ms,
    };
  }

  return {
    append,
    nextBatch,
    acknowledge,
    resume,
    pendingBytes: () => get('pending_bytes'),
    pendingCount: () => get('pending_count'),
    health,
    close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

/** One JSON.parse for the whole batch: about twice as fast as one per row. */
function parseItems(rows: readonly { readonly body: string }[]): Item[] {
  return JSON.parse(`[${rows.map((row) => row.body).join(',')}]`) as Item[];
}
