// One collection per interval, shared by every workflow that reads the collector: twenty disk
// monitors and rules asking for `linux.logical-disk` within one interval cost one statfs sweep.
// Packs name collectors `linux.<collector>` (the plugin names in collectors/collector-registry.ts).
import { toVigilError } from '@vigil/core/errors';
import type { Clock } from '@vigil/core/time';
import type { CommandRunner } from '../commands/command-runner.ts';
import type { Collector, CounterSnapshot } from '../collectors/collector.ts';
import { COLLECTORS } from '../collectors/collector-registry.ts';
import type { Sample } from '../collectors/sample.ts';

export type HubCollection =
  | {
      readonly kind: 'collected';
      readonly samples: readonly Sample[];
      /** False for a collector's first collection: rate counters (CPU, network, disk I/O) have no values yet. */
      readonly primed: boolean;
      readonly atMs: number;
    }
  | { readonly kind: 'unavailable' | 'failed'; readonly reason: string };

export interface CollectorHub {
  has(collector: string): boolean;
  /**
   * The collector's samples from a collection at most `maxAgeMs` old; otherwise collects once
   * (concurrent callers share that run). Never rejects: faults are 'failed'.
   */
  collect(collector: string, maxAgeMs: number): Promise<HubCollection>;
  /** Collections run per collector so far (for tests and the footprint benchmark). */
  runs(): ReadonlyMap<string, number>;
}

export interface CollectorHubOptions {
  readonly clock: Clock;
  readonly runCommand: CommandRunner;
  /** '/' in production; a fixture tree in tests. */
  readonly rootPath?: string;
  readonly collectors?: readonly Collector[];
}

interface Entry {
  readonly collector: Collector;
  previous?: CounterSnapshot;
  last?: { readonly atMonotonicMs: number; readonly result: HubCollection };
  inFlight?: Promise<HubCollection>;
  runs: number;
}

/** `linux.cpu` and `cpu` both name the cpu collector. */
export function collectorKey(name: string): string {
  return name.startsWith('linux.') ? name.slice('linux.'.length) : name;
}

export function createCollectorHub(options: CollectorHubOptions): CollectorHub {
  const entries = new Map<string, Entry>((options.collectors ?? COLLECTORS).map((collector) => [collector.name, { collector, runs: 0 }]));

  async function run(entry: Entry): Promise<HubCollection> {
    const monotonicMs = options.clock.monotonicMs();
    const nowMs = options.clock.nowMs();
    entry.runs += 1;
    let result: HubCollection;
    try {
      const outcome = await entry.collector.collect({ rootPath: options.rootPath ?? '/', nowMs, monotonicMs, previous: entry.previous, runCommand: options.runCommand });
      if (outcome.kind === 'collected') {
        result = { kind: 'collected', samples: outcome.samples, primed: entry.previous !== undefined, atMs: nowMs };
        entry.previous = { takenAtMonotonicMs: monotonicMs, values: outcome.counters };
      } else {
        result = outcome;
      }
    } catch (error) {
      result = { kind: 'failed', reason: toVigilError(error).message };
    }
    entry.last = { atMonotonicMs: monotonicMs, result };
    return result;
  }

  return {
    has: (collector) => entries.has(collectorKey(collector)),
    runs: () => new Map([...entries].map(([name, entry]) => [name, entry.runs])),
    async collect(collector, maxAgeMs) {
      const entry = entries.get(collectorKey(collector));
      if (entry === undefined) return { kind: 'unavailable', reason: `no collector named ${collector}; known: ${[...entries.keys()].map((k) => `linux.${k}`).join(', ')}` };
      if (entry.inFlight !== undefined) return entry.inFlight;
      const last = entry.last;
      // An unprimed collection (no rates yet) is never reused: whoever asks again gets the second, primed one.
      const reusable = last !== undefined && (last.result.kind !== 'collected' || last.result.primed);
      if (reusable && options.clock.monotonicMs() - last.atMonotonicMs <= maxAgeMs) return last.result;
      entry.inFlight = run(entry).finally(() => {
        entry.inFlight = undefined;
      });
      return entry.inFlight;
    },
  };
}

/** How stale a shared collection may be for a workflow of this interval: most of one interval. */
export function maxAgeFor(intervalMs: number): number {
  return Math.max(0, intervalMs * 0.9 - 1000);
}
