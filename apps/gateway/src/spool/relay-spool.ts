// The gateway's store-and-forward spool. Contract (see protocol data.schema.ts / relay.schema.ts):
// - store(): a relayed batch is committed here (fsynced) under the producer's own (sourceId, seq)
//   BEFORE the gateway acks the agent; a pair already held is a duplicate (acked, not stored twice).
// - The upstream link forwards rows in arrival order and calls acknowledge() on the MS's ack only.
// - A batch that would pass the quota is refused ('full'): the gateway then throttles the agent,
//   which keeps it in its own spool — backpressure, not loss. The gateway's own health items are
//   the only thing it can lose when full, and those are counted (droppedItems).
// - A batch the MS refuses (relay-refused: its source is not routed through this gateway, or not
//   approved) is set aside: the upstream link does not resend it, but every later link offers it
//   once more (rows are read from the start on each link), since the route or approval may appear.
//   It is dropped — counted and logged — only once it was refused at least
//   REFUSED_RETENTION.refusals times AND its first refusal is REFUSED_RETENTION.ageMs old, so a
//   flapping link cannot drop it quickly and refused batches cannot hold the quota forever.
import { Buffer } from 'node:buffer';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { VigilError } from '@vigil/core/errors';
import type { Clock } from '@vigil/core/time';
import type { Item, Welcome } from '@vigil/protocol/link';
import { applyRelaySpoolSchema } from './relay-spool-schema.ts';

export interface SpooledBatch {
  readonly rowId: number;
  readonly sourceId: string;
  readonly seq: number;
  readonly items: readonly Item[];
  readonly sizeBytes: number;
}

export type StoreOutcome = 'stored' | 'duplicate' | 'full';

/** When a refused batch is given up: refused on this many links, the first refusal this old. */
export const REFUSED_RETENTION = { refusals: 10, ageMs: 24 * 60 * 60 * 1000 } as const;

/** What became of a batch the MS refused. */
export type SetAsideOutcome =
  | { readonly kind: 'held'; readonly refusals: number }
  | { readonly kind: 'dropped'; readonly refusals: number; readonly items: number; readonly firstRefusedMs: number }
  | { readonly kind: 'unknown' };

export interface RelaySpoolStats {
  readonly pendingBatches: number;
  readonly pendingBytes: number;
  readonly quotaBytes: number;
  readonly droppedItems: number;
  readonly droppedBatches: number;
  /** Times a relayed batch was refused because the spool was full (the agent kept it). */
  readonly refusedFull: number;
  /** Refusals of relayed batches by the MS (relay-refused), all links. */
  readonly refusedByServer: number;
  /** Batches set aside now: refused by the MS, still held and offered once per new link. */
  readonly refusedHeldBatches: number;
  /** Refused batches given up after REFUSED_RETENTION, and their items (lost, counted). */
  readonly refusedDroppedBatches: number;
  readonly refusedDroppedItems: number;
}

export interface CachedAgent {
  readonly agentId: string;
  readonly certificateSerial: string;
  readonly welcome: Welcome;
}

export interface RelaySpool {
  store(sourceId: string, seq: number, items: readonly Item[]): StoreOutcome;
  /** The gateway's own items as its next batch (own numbering); false = dropped (quota), counted. */
  storeOwn(sourceId: string, items: readonly Item[]): boolean;
  /** Up to `limit` rows after `afterRowId`, oldest first. */
  next(afterRowId: number, limit: number): SpooledBatch[];
  /** Deletes the pair on the MS's ack; false when it was not held (a repeated ack). */
  acknowledge(sourceId: string, seq: number): boolean;
  /** Records the MS's refusal of a held pair; drops it (counted) once REFUSED_RETENTION is reached. */
  setAside(sourceId: string, seq: number, code: string): SetAsideOutcome;
  /** After the MS's welcome: own batches ≤ committedSeq are done; numbering continues above it. */
  resumeOwn(sourceId: string, committedSeq: number): void;
  stats(): RelaySpoolStats;
  getText(key: string): string | undefined;
  setText(key: string, value: string): void;
  cacheAgent(name: string, agent: CachedAgent): void;
  cachedAgent(name: string): CachedAgent | undefined;
  close(): void;
}

export function openRelaySpool(options: { readonly path: string; readonly quotaBytes: number; readonly clock: Clock }): RelaySpool {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(options.path);
    applyRelaySpoolSchema(db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /locked|busy/i.test(reason) ? ' (another gateway process is using this folder)' : '';
    throw new VigilError('DATA_DIR_INVALID', { path: options.path, reason: `relay spool cannot be opened: ${reason}${hint}` }, { cause: error });
  }
  const s = {
    getKv: db.prepare('SELECT value FROM kv WHERE key = ?'),
    setKv: db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    insert: db.prepare('INSERT INTO batch (source_id, seq, received_ms, item_count, size_bytes, body) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id, seq) DO NOTHING'),
    next: db.prepare('SELECT row_id, source_id, seq, size_bytes, body FROM batch WHERE row_id > ? ORDER BY row_id LIMIT ?'),
    find: db.prepare('SELECT size_bytes FROM batch WHERE source_id = ? AND seq = ?'),
    remove: db.prepare('DELETE FROM batch WHERE source_id = ? AND seq = ?'),
    findRefused: db.prepare('SELECT refusals, first_refused_ms FROM refused_batch WHERE source_id = ? AND seq = ?'),
    putRefused: db.prepare('INSERT INTO refused_batch (source_id, seq, refusals, first_refused_ms, last_code) VALUES (?, ?, ?, ?, ?) ON CONFLICT (source_id, seq) DO UPDATE SET refusals = excluded.refusals, last_code = excluded.last_code'),
    removeRefused: db.prepare('DELETE FROM refused_batch WHERE source_id = ? AND seq = ?'),
    countRefused: db.prepare('SELECT COUNT(*) AS n FROM refused_batch'),
    itemCount: db.prepare('SELECT item_count FROM batch WHERE source_id = ? AND seq = ?'),
    ownUpTo: db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(size_bytes), 0) AS bytes FROM batch WHERE source_id = ? AND seq <= ?'),
    removeOwnUpTo: db.prepare('DELETE FROM batch WHERE source_id = ? AND seq <= ?'),
    putAgent: db.prepare('INSERT INTO agent (name, agent_id, certificate_serial, welcome_json) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET agent_id = excluded.agent_id, certificate_serial = excluded.certificate_serial, welcome_json = excluded.welcome_json'),
    getAgent: db.prepare('SELECT agent_id, certificate_serial, welcome_json FROM agent WHERE name = ?'),
  } satisfies Record<string, StatementSync>;
  const num = (key: string): number => Number((s.getKv.get(key) as { value: string } | undefined)?.value ?? 0);
  const counters = { pendingBytes: num('pending_bytes'), pendingCount: num('pending_count'), droppedItems: num('dropped_items'), droppedBatches: num('dropped_batches'), refusedFull: num('refused_full'), nextOwnSeq: num('next_own_seq'),
    refusedByServer: num('refused_by_server'), refusedDroppedBatches: num('refused_dropped_batches'), refusedDroppedItems: num('refused_dropped_items'),
    refusedHeld: Number((s.countRefused.get() as { n: number }).n),
  };
  const persist = (key: string, value: number): void => void s.setKv.run(key, String(value));

  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  const insert = (sourceId: string, seq: number, items: readonly Item[]): StoreOutcome => {
    const body = JSON.stringify(items);
    const size = Buffer.byteLength(body);
    if (s.find.get(sourceId, seq) !== undefined) return 'duplicate';
    if (counters.pendingBytes + size > options.quotaBytes) return 'full';
    transaction(() => {
      s.insert.run(sourceId, seq, options.clock.nowMs(), items.length, size, body);
      persist('pending_bytes', counters.pendingBytes + size);
      persist('pending_count', counters.pendingCount + 1);
    });
    counters.pendingBytes += size;
    counters.pendingCount += 1;
    return 'stored';
  };

  return {
    store(sourceId, seq, items) {
      const outcome = insert(sourceId, seq, items);
      if (outcome === 'full') persist('refused_full', ++counters.refusedFull);
      return outcome;
    },
    storeOwn(sourceId, items) {
      const seq = counters.nextOwnSeq;
      if (insert(sourceId, seq, items) !== 'stored') {
        counters.droppedItems += items.length;
        counters.droppedBatches += 1;
        transaction(() => {
          persist('dropped_items', counters.droppedItems);
          persist('dropped_batches', counters.droppedBatches);
        });
        return false;
      }
      persist('next_own_seq', ++counters.nextOwnSeq);
      return true;
    },
    next(afterRowId, limit) {
      const rows = s.next.all(afterRowId, limit) as Array<{ row_id: number; source_id: string; seq: number; size_bytes: number; body: string }>;
      return rows.map((r) => ({ rowId: Number(r.row_id), sourceId: r.source_id, seq: Number(r.seq), sizeBytes: Number(r.size_bytes), items: JSON.parse(r.body) as Item[] }));
    },
    acknowledge(sourceId, seq) {
      const row = s.find.get(sourceId, seq) as { size_bytes: number } | undefined;
      if (row === undefined) return false;
      const size = Number(row.size_bytes);
      const wasRefused = s.findRefused.get(sourceId, seq) !== undefined;
      transaction(() => {
        s.remove.run(sourceId, seq);
        if (wasRefused) s.removeRefused.run(sourceId, seq);
        persist('pending_bytes', counters.pendingBytes - size);
        persist('pending_count', counters.pendingCount - 1);
      });
      counters.pendingBytes -= size;
      counters.pendingCount -= 1;
      if (wasRefused) counters.refusedHeld -= 1;
      return true;
    },
    setAside(sourceId, seq, code) {
      const held = s.itemCount.get(sourceId, seq) as { item_count: number } | undefined;
      if (held === undefined) return { kind: 'unknown' };
      const size = Number((s.find.get(sourceId, seq) as { size_bytes: number }).size_bytes);
      const previous = s.findRefused.get(sourceId, seq) as { refusals: number; first_refused_ms: number } | undefined;
      const nowMs = options.clock.nowMs();
      const refusals = Number(previous?.refusals ?? 0) + 1;
      const firstRefusedMs = previous === undefined ? nowMs : Number(previous.first_refused_ms);
      const drop = refusals >= REFUSED_RETENTION.refusals && nowMs - firstRefusedMs >= REFUSED_RETENTION.ageMs;
      const items = Number(held.item_count);
      transaction(() => {
        persist('refused_by_server', counters.refusedByServer + 1);
        if (!drop) return void s.putRefused.run(sourceId, seq, refusals, firstRefusedMs, code);
        s.remove.run(sourceId, seq);
        s.removeRefused.run(sourceId, seq);
        persist('pending_bytes', counters.pendingBytes - size);
        persist('pending_count', counters.pendingCount - 1);
        persist('refused_dropped_batches', counters.refusedDroppedBatches + 1);
        persist('refused_dropped_items', counters.refusedDroppedItems + items);
      });
      counters.refusedByServer += 1;
      if (!drop) {
        if (previous === undefined) counters.refusedHeld += 1;
        return { kind: 'held', refusals };
      }
      if (previous !== undefined) counters.refusedHeld -= 1;
      counters.pendingBytes -= size;
      counters.pendingCount -= 1;
      counters.refusedDroppedBatches += 1;
      counters.refusedDroppedItems += items;
      return { kind: 'dropped', refusals, items, firstRefusedMs };
    },
    resumeOwn(sourceId, committedSeq) {
      transaction(() => {
        if (committedSeq >= counters.nextOwnSeq) {
          // This spool was recreated: the MS has seqs it never assigned; number above the MS's mark.
          counters.nextOwnSeq = committedSeq + 1;
          persist('next_own_seq', counters.nextOwnSeq);
        }
        const done = s.ownUpTo.get(sourceId, committedSeq) as { n: number; bytes: number };
        s.removeOwnUpTo.run(sourceId, committedSeq);
        counters.pendingBytes -= Number(done.bytes);
        counters.pendingCount -= Number(done.n);
        persist('pending_bytes', counters.pendingBytes);
        persist('pending_count', counters.pendingCount);
      });
    },
    stats: () => ({
      pendingBatches: counters.pendingCount, pendingBytes: counters.pendingBytes, quotaBytes: options.quotaBytes,
      droppedItems: counters.droppedItems, droppedBatches: counters.droppedBatches, refusedFull: counters.refusedFull,
      refusedByServer: counters.refusedByServer, refusedHeldBatches: counters.refusedHeld,
      refusedDroppedBatches: counters.refusedDroppedBatches, refusedDroppedItems: counters.refusedDroppedItems,
    }),
    getText: (key) => (s.getKv.get(`text:${key}`) as { value: string } | undefined)?.value,
    setText: (key, value) => void s.setKv.run(`text:${key}`, value),
    cacheAgent(name, agent) {
      s.putAgent.run(name, agent.agentId, agent.certificateSerial, JSON.stringify(agent.welcome));
    },
    cachedAgent(name) {
      const row = s.getAgent.get(name) as { agent_id: string; certificate_serial: string; welcome_json: string } | undefined;
      return row ? { agentId: row.agent_id, certificateSerial: row.certificate_serial, welcome: JSON.parse(row.welcome_json) as Welcome } : undefined;
    },
    close() {
      db.close();
    },
  };
}
