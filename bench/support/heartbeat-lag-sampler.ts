// Heartbeat-to-database lag, sampled: for heartbeats the fleet reports ("hb" lines: agent id and
// send time), polls agent.last_heartbeat_at until it reflects a time at or after the send, and
// records observed-minus-sent. The management server stamps last_heartbeat_at with its own clock
// on receipt, and both run on this machine, so "reflects it" is last_heartbeat_at ≥ sentMs.
// Resolution is the poll period (reported with the result); lags are never under-stated.
import type { Database } from '@vigil/store';
import type { JsonLine } from './json-lines-process.ts';

export interface LagSample {
  readonly sentMs: number;
  readonly lagMs: number;
}

export interface HeartbeatLagSampler {
  readonly pollMs: number;
  /** Feed every fleet line; "hb" lines are picked up. */
  onLine(line: JsonLine): void;
  /** Samples of heartbeats sent in [fromMs, toMs). Still-pending ones older than timeoutMs count as timeoutMs. */
  samples(fromMs: number, toMs: number): LagSample[];
  stop(): void;
}

export function startHeartbeatLagSampler(db: Database, options: { pollMs?: number; timeoutMs?: number } = {}): HeartbeatLagSampler {
  const pollMs = options.pollMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let pending: Array<{ agentId: string; sentMs: number }> = [];
  const done: LagSample[] = [];
  let polling = false;
  const timer = setInterval(() => {
    if (polling || pending.length === 0) return;
    polling = true;
    const batch = pending.slice(0, 2000);
    void db
      .selectFrom('agent')
      .select(['id', 'last_heartbeat_at'])
      .where('id', 'in', [...new Set(batch.map((p) => p.agentId))])
      .execute()
      .then((rows) => {
        const observedMs = Date.now();
        const seen = new Map(rows.map((r) => [r.id, r.last_heartbeat_at ?? 0]));
        pending = pending.filter((p) => {
          if ((seen.get(p.agentId) ?? 0) >= p.sentMs) {
            done.push({ sentMs: p.sentMs, lagMs: observedMs - p.sentMs });
            return false;
          }
          if (observedMs - p.sentMs > timeoutMs) {
            done.push({ sentMs: p.sentMs, lagMs: timeoutMs });
            return false;
          }
          return true;
        });
      })
      .catch(() => {})
      .finally(() => {
        polling = false;
      });
  }, pollMs);
  return {
    pollMs,
    onLine(line) {
      if (line.event === 'hb' && typeof line.agentId === 'string') pending.push({ agentId: line.agentId, sentMs: line.sentMs as number });
    },
    samples: (fromMs, toMs) => done.filter((s) => s.sentMs >= fromMs && s.sentMs < toMs),
    stop: () => clearInterval(timer),
  };
}
