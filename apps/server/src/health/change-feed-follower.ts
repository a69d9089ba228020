// Follows the group's change log and delivers, on this server's change feed, the changes the
// OTHER servers committed (this server's own were delivered in-process right after commit).
//
// Gaps: ids are taken at insert but become visible at commit, so on PostgreSQL a reader may see
// id 8 while id 7 is still uncommitted (or will never commit: rolled back, server cut off). The
// follower reads forward from the largest id it has seen, remembers every id it skipped as
// missing, and looks the missing ids up again on every poll until they appear — then delivers
// them — or until `gapTimeoutMs` has passed. The row is its transaction's last statement, so a
// gap that is going to fill does so within a commit's latency; the timeout only bounds how long
// a permanent gap (a rollback) is looked for. On SQLite writers are serialised and the log never
// has gaps, so the same code simply never finds any.
import type { Clock, Logger, ManagementServerId } from '@vigil/core';
import { changeLogRowsAfter, changeLogRowsWithIds, lastChangeLogId, type ChangeLogRow, type Database } from '@vigil/store';
import type { ChangeFeed } from './change-feed.ts';
import { decodeEffects } from './change-feed-log.ts';

export const CHANGE_LOG_POLL_MS = 500;
export const CHANGE_LOG_GAP_TIMEOUT_MS = 30_000;
const DEFAULT_BATCH_ROWS = 500;
/** Ids below the last at start that may still be uncommitted; a gap wider than this is not tracked. */
const MAX_TRACKED_GAP = 1_000;

export interface ChangeFeedFollowerDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly serverId: ManagementServerId;
  readonly feed: ChangeFeed;
}

export interface ChangeFeedFollowerOptions {
  readonly pollIntervalMs?: number;
  readonly gapTimeoutMs?: number;
  readonly batchRows?: number;
}

export interface ChangeFeedFollower {
  /** Reads what became visible since the last poll and delivers it. Rejects if the database does. */
  poll(): Promise<void>;
  /** Ids skipped over that have not appeared yet (for tests and diagnostics). */
  missingIds(): number[];
}

export interface RunningChangeFeedFollower {
  /** Stops polling and waits for a poll in progress. */
  stop(): Promise<void>;
}

/** A follower positioned at the log's current end: it delivers what commits from now on. */
export async function createChangeFeedFollower(deps: ChangeFeedFollowerDeps, options: ChangeFeedFollowerOptions = {}): Promise<ChangeFeedFollower> {
  const gapTimeoutMs = options.gapTimeoutMs ?? CHANGE_LOG_GAP_TIMEOUT_MS;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  /** Missing id -> when it was first found missing. */
  const missing = new Map<number, number>();
  let lastSeen = await lastChangeLogId(deps.db);
  // Ids just below the end may belong to transactions still committing: watch for them too.
  const nowMs = deps.clock.nowMs();
  const recent = new Set((await changeLogRowsAfter(deps.db, Math.max(0, lastSeen - 100), 100)).map((r) => r.id));
  for (let id = Math.max(1, lastSeen - 99); id <= lastSeen; id++) if (!recent.has(id)) missing.set(id, nowMs);

  const deliver = (row: ChangeLogRow): void => {
    if (row.serverId === deps.serverId) return;
    try {
      deps.feed.deliver(decodeEffects(row.effectsJson), 'peer');
    } catch (err) {
      deps.logger.warn({ err, changeLogId: row.id }, 'skipped a change-log row that could not be read');
    }
  };

  async function readForward(): Promise<boolean> {
    const rows = await changeLogRowsAfter(deps.db, lastSeen, batchRows);
    const nowMs = deps.clock.nowMs();
    for (const row of rows) {
      const firstSkipped = Math.max(lastSeen + 1, row.id - MAX_TRACKED_GAP);
      for (let id = firstSkipped; id < row.id; id++) missing.set(id, nowMs);
      lastSeen = row.id;
      deliver(row);
    }
    return rows.length === batchRows;
  }

  async function fillGaps(): Promise<void> {
    if (missing.size === 0) return;
    for (const row of await changeLogRowsWithIds(deps.db, [...missing.keys()])) {
      missing.delete(row.id);
      deliver(row);
    }
    const nowMs = deps.clock.nowMs();
    for (const [id, sinceMs] of missing) if (nowMs - sinceMs >= gapTimeoutMs) missing.delete(id);
  }

  return {
    async poll() {
      // Every row is delivered once, when first seen; commit order across servers is not known anyway.
      await fillGaps();
      while (await readForward());
    },
    missingIds: () => [...missing.keys()].sort((a, b) => a - b),
  };
}

/** Polls every `pollIntervalMs` until stopped; a failing poll is logged and retried on the next. */
export async function startChangeFeedFollower(deps: ChangeFeedFollowerDeps, options: ChangeFeedFollowerOptions = {}): Promise<RunningChangeFeedFollower> {
  const follower = await createChangeFeedFollower(deps, options);
  const pollIntervalMs = options.pollIntervalMs ?? CHANGE_LOG_POLL_MS;
  const controller = new AbortController();
  const loop = (async () => {
    while (!controller.signal.aborted) {
      await deps.clock.sleep(pollIntervalMs, controller.signal).catch(() => {});
      if (controller.signal.aborted) break;
      await follower.poll().catch((err: unknown) => deps.logger.warn({ err }, 'could not read the change log; retrying'));
    }
  })();
  return {
    async stop() {
      controller.abort(new Error('change feed follower stopped'));
      await loop;
    },
  };
}
