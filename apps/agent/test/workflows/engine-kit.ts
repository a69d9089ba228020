// Helpers for workflow engine tests: scripted collectors, a capturing submit, temp data folders.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock, createLogger } from '@vigil/core';
import type { Item, Workflow } from '@vigil/protocol';
import type { Collector } from '../../src/collectors/collector.ts';
import type { Sample } from '../../src/collectors/sample.ts';
import { startWorkflowEngine, type WorkflowEngine, type WorkflowEngineOptions } from '../../src/workflows/workflow-engine.ts';

export const HOST = 'web01.contoso.com';
export const COMPUTER = { classId: 'Vigil.Core.Computer', key: `Vigil.Core.Computer:${HOST}`, properties: { HostName: HOST } };

/** A collector whose samples the test sets; counts its collections. */
export interface ScriptedCollector extends Collector {
  samples: Sample[];
  primed: boolean;
  collections: number;
}

export function scriptedCollector(name: string): ScriptedCollector {
  const collector: ScriptedCollector = {
    name, samples: [], primed: true, collections: 0,
    async collect(ctx) {
      collector.collections += 1;
      return { kind: 'collected', samples: collector.samples.map((s) => ({ ...s, timestampMs: ctx.nowMs })), counters: new Map() };
    },
  };
  return collector;
}

export const numeric = (objectClass: string, key: string, counter: string, value: number): Sample => ({
  kind: 'numeric', object: { class: objectClass, key }, counter, value, unit: '%', timestampMs: 0,
});
export const text = (objectClass: string, key: string, counter: string, value: string): Sample => ({
  kind: 'text', object: { class: objectClass, key }, counter, value, timestampMs: 0,
});

export async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-workflows-test-'));
  // The engine may still be saving monitor states while it stops (stop is registered after this):
  // retry the removal rather than fail the test on a directory that is still being written.
  t.after(() => rm(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 25 }));
  return dir;
}

export interface EngineHarness {
  readonly engine: WorkflowEngine;
  readonly clock: FakeClock;
  readonly items: Item[];
  of<K extends Item['kind']>(kind: K): Extract<Item, { kind: K }>[];
}

export async function startEngine(dataDir: string, options: Partial<WorkflowEngineOptions> = {}, clock = new FakeClock()): Promise<EngineHarness> {
  const items: Item[] = [];
  const engine = await startWorkflowEngine({
    clock, dataDir, random: () => 0,
    logger: createLogger({ role: 'agent', level: process.env.VIGIL_TEST_LOG === '1' ? 'debug' : 'silent' }),
    submit: (batch) => void items.push(...batch),
    runCommand: async () => ({ kind: 'failed-to-start', message: 'no commands here' }),
    collectors: [],
    ...options,
  });
  return { engine, clock, items, of: (kind) => items.filter((i) => i.kind === kind) as never };
}

export function monitorWorkflow(workflowId: string, typeId: string, target: { classId: string; key: string; properties: Record<string, string> }, source: object, config: object, intervalSeconds = 60): Workflow {
  return { workflowId, kind: 'monitor', typeId, targetKey: target.key, intervalSeconds, enabled: true, configuration: { target, source, config } as never };
}

export const config = (version: string, workflows: Workflow[]) => ({ kind: 'config' as const, version, workflows });

/** Lets real I/O (files, child processes) finish. */
export async function settle(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the workflow');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
