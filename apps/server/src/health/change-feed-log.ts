// How this server records its committed changes in the group's change log (see
// change-log.repository.ts in the store), and how a change-log row reads back as effects.
import type { AgentId, Clock, ManagementServerId } from '@vigil/core';
import { appendChangeLog, type Database } from '@vigil/store';
import type { IngestEffects } from '../ingest/ingest-context.ts';

export interface ChangeLogRecorder {
  /**
   * Appends one row for `effects` inside `trx`, the transaction that commits them, so the row
   * exists if and only if they commit. Does nothing when there is nothing to tell (perf only).
   * Call it as the transaction's last statement: on PostgreSQL the row's id is taken now but
   * becomes visible at commit, and followers wait for ids that are taken but not yet visible.
   */
  append(trx: Database, effects: IngestEffects): Promise<void>;
  /** Appends one row for effects committed without one, in a transaction of its own. */
  appendCommitted(effects: IngestEffects): Promise<void>;
}

export function createChangeLogRecorder(db: Database, serverId: ManagementServerId, clock: Clock): ChangeLogRecorder {
  const append = async (trx: Database, effects: IngestEffects): Promise<void> => {
    if (!hasEffects(effects)) return;
    await appendChangeLog(trx, { atMs: clock.nowMs(), serverId, effectsJson: encodeEffects(effects) });
  };
  return { append, appendCommitted: (effects) => append(db, effects) };
}

function hasEffects(effects: IngestEffects): boolean {
  return effects.stateChanges.length > 0 || effects.alertChanges.length > 0 || effects.discoveredAgents.size > 0;
}

export function encodeEffects(effects: IngestEffects): string {
  return JSON.stringify({ stateChanges: effects.stateChanges, alertChanges: effects.alertChanges, discoveredAgents: [...effects.discoveredAgents] });
}

/** Reads a row written by encodeEffects (by any server of the same version); throws on anything else. */
export function decodeEffects(json: string): IngestEffects {
  const parsed = JSON.parse(json) as Partial<{ stateChanges: IngestEffects['stateChanges']; alertChanges: IngestEffects['alertChanges']; discoveredAgents: AgentId[] }>;
  if (!Array.isArray(parsed.stateChanges) || !Array.isArray(parsed.alertChanges) || !Array.isArray(parsed.discoveredAgents)) {
    throw new Error('a change-log row does not describe effects');
  }
  return { stateChanges: parsed.stateChanges, alertChanges: parsed.alertChanges, discoveredAgents: new Set(parsed.discoveredAgents) };
}
