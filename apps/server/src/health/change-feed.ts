// Committed changes (monitor states, alerts, discoveries) from every writer in this server —
// agent batches and pool workflows alike — for whoever follows them: configuration recompiles,
// the SDK API's live feed. Listeners run after commit and must not throw.
import type { IngestEffects } from '../ingest/ingest-context.ts';

export interface ChangeFeed {
  publish(effects: IngestEffects): void;
  subscribe(listener: (effects: IngestEffects) => void): () => void;
}

export function createChangeFeed(onListenerError: (error: unknown) => void): ChangeFeed {
  const listeners = new Set<(effects: IngestEffects) => void>();
  return {
    publish(effects) {
      for (const listener of listeners) {
        try {
          listener(effects);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
