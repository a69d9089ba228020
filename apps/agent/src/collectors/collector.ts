// The collector plugin contract. Every file `*.collector.ts` in this folder exports one Collector of
// this shape and is listed in collector-registry.ts; the runner never branches on a collector's name.
import type { CommandRunner } from '../commands/command-runner.ts';
import type { Sample } from './sample.ts';

/** Raw cumulative counters of one collection, kept by the runner to compute rates next time. */
export interface CounterSnapshot {
  readonly takenAtMonotonicMs: number;
  readonly values: ReadonlyMap<string, bigint>;
}

export interface CollectContext {
  /** Root of the host file system: '/' in production, a fixture tree in tests. */
  readonly rootPath: string;
  /** Wall-clock time stamped on every sample of this collection. */
  readonly nowMs: number;
  /** Monotonic time used for rate intervals (immune to wall-clock steps). */
  readonly monotonicMs: number;
  /** This collector's counters from its previous successful collection; undefined on the first. */
  readonly previous: CounterSnapshot | undefined;
  /** For collectors that must ask a tool (systemctl); always bounded by a timeout. */
  readonly runCommand: CommandRunner;
}

export type CollectResult =
  | { readonly kind: 'collected'; readonly samples: readonly Sample[]; readonly counters: ReadonlyMap<string, bigint> }
  /** The data source does not exist on this host (e.g. no systemd): not an error, nothing to alert on. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  /** The source exists but could not be read this time (a tool failed or timed out). */
  | { readonly kind: 'failed'; readonly reason: string };

export interface Collector {
  readonly name: string;
  /**
   * Reads the host once. Resolves 'unavailable' when the source is absent on this host and 'failed'
   * when it exists but could not be read; rejects only on unexpected faults (the runner reports those
   * as 'failed' too, and the other collectors go on).
   */
  collect(ctx: CollectContext): Promise<CollectResult>;
}
