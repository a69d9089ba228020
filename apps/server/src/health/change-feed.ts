// Committed changes (monitor states, alerts, discoveries) for whoever follows them on this
// server: configuration recompiles, the SDK API's live feed. Changes arrive from this server's
// writers right after they commit (origin 'local') and, through the change-log follower, from the
// group's other servers (origin 'peer'). Listeners run after commit and must not throw.
import type { IngestEffects } from '../ingest/ingest-context.ts';

/** 'local': committed by this server. 'peer': committed by another server of the group. */
export type ChangeOrigin = 'local' | 'peer';

export type ChangeListener = (effects: IngestEffects, origin: ChangeOrigin) => void;

export interface ChangeFeed {
  /**
   * For effects this server committed WITHOUT writing their change-log row in the transaction
   * (e.g. an operator's alert update): delivers them here at once and has them recorded in the
   * change log afterwards, so the group's other servers see them too (best effort: a crash
   * between the commit and the record loses them for the others, never for this server).
   */
  publish(effects: IngestEffects): void;
  /** For effects already in the change log: delivers them here only. */
  deliver(effects: IngestEffects, origin: ChangeOrigin): void;
  subscribe(listener: ChangeListener): () => void;
}

export interface ChangeFeedOptions {
  /** Records effects published without a change-log row; without it `publish` is local only. */
  readonly record?: (effects: IngestEffects) => void;
}

export function createChangeFeed(onListenerError: (error: unknown) => void, options: ChangeFeedOptions = {}): ChangeFeed {
  const listeners = new Set<ChangeListener>();
  const deliver = (effects: IngestEffects, origin: ChangeOrigin): void => {
    for (const listener of listeners) {
      try {
        listener(effects, origin);
      } catch (error) {
        onListenerError(error);
      }
    }
  };
  return {
    publish(effects) {
      deliver(effects, 'local');
      options.record?.(effects);
    },
    deliver,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
