// The built-in collectors and the runner that drives them. Adding a collector = one new
// `*.collector.ts` file and one line in COLLECTORS.
import { toVigilError } from '@vigil/core/errors';
import type { Clock } from '@vigil/core/time';
import type { CommandRunner } from '../commands/command-runner.ts';
import type { Collector, CounterSnapshot } from './collector.ts';
import { cpuCollector } from './cpu.collector.ts';
import { diskIoCollector } from './disk-io.collector.ts';
import { loadCollector } from './load.collector.ts';
import { logicalDiskCollector } from './logical-disk.collector.ts';
import { memoryCollector } from './memory.collector.ts';
import { networkCollector } from './network.collector.ts';
import { osCollector } from './os.collector.ts';
import { processCollector } from './process.collector.ts';
import type { Sample } from './sample.ts';
import { serviceCollector } from './service.collector.ts';
import { uptimeCollector } from './uptime.collector.ts';

export const COLLECTORS: readonly Collector[] = [
  cpuCollector,
  loadCollector,
  memoryCollector,
  logicalDiskCollector,
  diskIoCollector,
  networkCollector,
  processCollector,
  serviceCollector,
  uptimeCollector,
  osCollector,
];

export type CollectorOutcome =
  | { readonly collector: string; readonly kind: 'collected'; readonly samples: readonly Sample[] }
  | { readonly collector: string; readonly kind: 'unavailable'; readonly reason: string }
  | { readonly collector: string; readonly kind: 'failed'; readonly reason: string };

export interface CollectorRunner {
  /** Runs every collector once, in order; one collector's failure never stops the others. */
  collectAll(): Promise<CollectorOutcome[]>;
}

export interface CollectorRunnerOptions {
  readonly clock: Clock;
  readonly runCommand: CommandRunner;
  /** Defaults to '/'. */
  readonly rootPath?: string;
  /** Defaults to COLLECTORS. */
  readonly collectors?: readonly Collector[];
}

/** Creates a runner that remembers each collector's raw counters between calls, for rates. */
export function createCollectorRunner(options: CollectorRunnerOptions): CollectorRunner {
  const collectors = options.collectors ?? COLLECTORS;
  const previous = new Map<string, CounterSnapshot>();
  return {
    async collectAll() {
      const outcomes: CollectorOutcome[] = [];
      for (const collector of collectors) {
        const monotonicMs = options.clock.monotonicMs();
        try {
          const result = await collector.collect({
            rootPath: options.rootPath ?? '/',
            nowMs: options.clock.nowMs(),
            monotonicMs,
            previous: previous.get(collector.name),
            runCommand: options.runCommand,
          });
          if (result.kind === 'collected') {
            previous.set(collector.name, { takenAtMonotonicMs: monotonicMs, values: result.counters });
            outcomes.push({ collector: collector.name, kind: 'collected', samples: result.samples });
          } else {
            outcomes.push({ collector: collector.name, ...result });
          }
        } catch (error) {
          outcomes.push({ collector: collector.name, kind: 'failed', reason: toVigilError(error).message });
        }
      }
      return outcomes;
    },
  };
}
