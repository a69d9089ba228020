// The relay spool's on-disk layout. One SQLite file per gateway data folder. Settings as the
// agent's spool, for the same reasons: WAL; synchronous=FULL, because the gateway acks an agent's
// batch as soon as it is here and the agent then deletes it — a batch lost after that ack would be
// lost silently; EXCLUSIVE locking, so a second gateway process on the folder fails at once.
import type { DatabaseSync } from 'node:sqlite';

export const RELAY_SPOOL_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = FULL',
  'PRAGMA locking_mode = EXCLUSIVE',
  'PRAGMA busy_timeout = 0',
] as const;

// batch: one row per batch held, in arrival order (row_id: AUTOINCREMENT, because the sender reads "rows after the last
// one sent" and a reused id of a deleted row would be skipped); (source_id, seq) is the producer's own
// pair, never changed here. The gateway's own batches use its id as source_id and own_seq numbering.
// refused_batch: batches of the batch table the MS answered with relay-refused (set aside: not resent on
// that link, offered once on each later link, dropped after enough refusals); deleted with their batch.
// agent: what the gateway last learned from an MS about an agent, to welcome it while no MS is reachable.
// kv: the gateway's id and group name (from the MS's welcome); counters persisted with their rows.
const DDL = `
CREATE TABLE IF NOT EXISTS batch (
  row_id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  size_bytes INTEGER NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (source_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS refused_batch (
  source_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  refusals INTEGER NOT NULL,
  first_refused_ms INTEGER NOT NULL,
  last_code TEXT NOT NULL,
  PRIMARY KEY (source_id, seq)
) STRICT;
CREATE TABLE IF NOT EXISTS agent (
  name TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  certificate_serial TEXT NOT NULL,
  welcome_json TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT OR IGNORE INTO kv (key, value) VALUES
  ('next_own_seq', '1'), ('pending_bytes', '0'), ('pending_count', '0'), ('dropped_items', '0'), ('dropped_batches', '0'), ('refused_full', '0'), ('refused_by_server', '0'), ('refused_dropped_batches', '0'), ('refused_dropped_items', '0');
`;

export function applyRelaySpoolSchema(db: DatabaseSync): void {
  for (const pragma of RELAY_SPOOL_PRAGMAS) db.exec(pragma);
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(DDL);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
