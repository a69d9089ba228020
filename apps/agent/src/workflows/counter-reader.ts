// Reads one counter of a shared collector for a workflow: the samples of `counter` on the object
// named by `instance` (`$target.MountPoint`, `_Total`), or on every object for `*` or no instance.
import { VigilError } from '@vigil/core/errors';
import type { NumericSample, Sample } from '../collectors/sample.ts';
import { maxAgeFor } from './collector-hub.ts';
import { substituteTarget, type WorkflowTarget } from './expressions.ts';
import type { WorkflowServices } from './workflow-plugin.ts';

export interface CounterSpec {
  readonly collector?: string;
  readonly counter: string;
  readonly instance?: string;
}

export type CounterReading =
  | { readonly kind: 'samples'; readonly samples: readonly Sample[] }
  | { readonly kind: 'none'; readonly reason: string; readonly retryInMs?: number };

/** How soon to look again when a rate collector has no previous counters yet. */
export const PRIMING_RETRY_MS = 15_000;

/** Throws AGENT_WORKFLOW_UNSUPPORTED when the agent has no such collector (e.g. a server-side counter). */
export function checkCounterSpec(spec: CounterSpec, services: WorkflowServices, ids: { workflowId: string; targetKey: string }): void {
  if (spec.collector === undefined || !services.collectors.has(spec.collector)) {
    throw new VigilError('AGENT_WORKFLOW_UNSUPPORTED', {
      ...ids,
      reason: spec.collector === undefined ? `counter ${spec.counter} names no agent collector` : `the agent has no collector ${spec.collector}`,
    });
  }
}

export async function readCounter(services: WorkflowServices, spec: CounterSpec, target: WorkflowTarget, intervalMs: number): Promise<CounterReading> {
  const collection = await services.collectors.collect(spec.collector ?? '', maxAgeFor(intervalMs));
  if (collection.kind !== 'collected') return { kind: 'none', reason: `${spec.collector} ${collection.kind}: ${collection.reason}` };
  const instance = spec.instance === undefined ? undefined : substituteTarget(spec.instance, target);
  const samples = collection.samples.filter((s) => s.counter === spec.counter && (instance === undefined || instance === '*' || s.object.key === instance));
  if (samples.length > 0) return { kind: 'samples', samples };
  const where = instance === undefined || instance === '*' ? '' : ` for ${instance}`;
  if (!collection.primed) return { kind: 'none', reason: `${spec.counter}${where} needs a second collection`, retryInMs: PRIMING_RETRY_MS };
  return { kind: 'none', reason: `${spec.collector} reported no ${spec.counter}${where}` };
}

export function numericOnly(samples: readonly Sample[]): NumericSample[] {
  return samples.filter((s): s is NumericSample => s.kind === 'numeric');
}
