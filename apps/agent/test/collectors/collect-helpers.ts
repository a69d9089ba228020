// Shared helpers for collector tests: run one collector against a root, and look samples up.
import path from 'node:path';
import type { CommandRunner } from '../../src/commands/command-runner.ts';
import type { Collector, CollectResult, CounterSnapshot } from '../../src/collectors/collector.ts';
import type { Sample } from '../../src/collectors/sample.ts';

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
export const T1 = path.join(FIXTURES, 'proc-t1');
export const T2 = path.join(FIXTURES, 'proc-t2');

export const noCommands: CommandRunner = async () => ({ kind: 'failed-to-start', message: 'no commands in this test' });

export async function collectOnce(
  collector: Collector,
  rootPath: string,
  monotonicMs: number,
  previous?: CounterSnapshot,
  runCommand: CommandRunner = noCommands,
): Promise<{ result: CollectResult; snapshot: CounterSnapshot }> {
  const result = await collector.collect({ rootPath, nowMs: 1_700_000_000_000 + monotonicMs, monotonicMs, previous, runCommand });
  const values = result.kind === 'collected' ? result.counters : new Map<string, bigint>();
  return { result, snapshot: { takenAtMonotonicMs: monotonicMs, values } };
}

/** Collects from proc-t1 at t=0 s and proc-t2 at t=10 s; returns the second collection's samples. */
export async function collectT1ThenT2(collector: Collector): Promise<readonly Sample[]> {
  const first = await collectOnce(collector, T1, 0);
  const second = await collectOnce(collector, T2, 10_000, first.snapshot);
  if (second.result.kind !== 'collected') throw new Error(`expected collected, got ${second.result.kind}`);
  return second.result.samples;
}

export function samplesOf(result: CollectResult): readonly Sample[] {
  if (result.kind !== 'collected') throw new Error(`expected collected, got ${result.kind}: ${result.reason}`);
  return result.samples;
}

export function valueOf(samples: readonly Sample[], objectClass: string, key: string, counter: string): number | string | undefined {
  return samples.find((s) => s.object.class === objectClass && s.object.key === key && s.counter === counter)?.value;
}

export function keysOf(samples: readonly Sample[], objectClass: string): string[] {
  return [...new Set(samples.filter((s) => s.object.class === objectClass).map((s) => s.object.key))].sort();
}
