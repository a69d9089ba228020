// The spool's on-disk layout and connection settings. One SQLite file per agent data folder.
import type { DatabaseSync } from 'node:sqlite';

/**
 * Connection settings, with the reason for each:
 * - journal_mode=WAL: appends and acks do not block each other's readers, and a commit is one
 *   sequential write to the log.
 * - synchronous=FULL: every commit is fsynced before append() returns. With NORMAL a WAL commit
 *   survives a process crash but not a power cut or kernel panic; the items lost then were never
 *   sent, so the loss would be silent — the one thing the spool must never do. The cost is one
 *   fsync per append() call (callers append in bulk) and per batch assigned or acknowledged.
 * - locking_mode=EXCLUSIVE: a second process opening the same spool fails at once instead of
 *   interleaving sequence numbers with the first (two writers would break "seq never reused").
 */
export const SPOOL_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = FULL',
  'PRAGMA locking_mode = EXCLUSIVE',
  'PRAGMA busy_timeout = 0',
] as const;

// item: one row per spooled item in append order (id). batch_seq is NULL until the item is first
// packaged into a batch; from then on it never changes (see spool.ts), so a resend after a crash
// or reconnect carries the same (sourceId, seq) and the receiver can recognise it.
// meta: counters kept in the same transactions as the rows they describe, so they never drift.
const DDL = `
CREATE TABLE IF NOT EXISTS item (
  id INTEGER PRIMARY KEY,
  batch_seq INTEGER,
  appended_ms INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS item_by_batch ON item (batch_seq) WHERE batch_seq IS NOT NULL;
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
INSERT OR IGNORE INTO meta (key, value) VALUES
  ('schema_version', 1), ('next_seq', 1), ('acked_seq', 0),
  ('pending_bytes', 0), ('pending_count', 0), ('dropped_items', 0), ('dropped_bytes', 0);
`;

export type MetaKey = 'next_seq' | 'acked_seq' | 'pending_bytes' | 'pending_count' | 'dropped_items' | 'dropped_bytes';

export function applySpoolSchema(db: DatabaseSync): void {
  for (const pragma of SPOOL_PRAGMAS) db.exec(pragma);
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(DDL);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
