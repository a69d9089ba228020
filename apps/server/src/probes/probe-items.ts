// Turns one probe outcome into the items a pool member writes: perf samples (latency plus the
// probe's own series) and, when core's 'probe-result' monitor changes state, a state-change item.
import { probeResultMonitorType, type HealthState, type MonitorSnapshot, type ProbeResultConfig, type ProbeResultMemory } from '@vigil/core';
import type { Item } from '@vigil/protocol';
import type { ProbeOutcome } from './probe.ts';

const MAX_NAME = 256;

export interface ProbeMonitorRef {
  readonly objectKey: string;
  readonly monitorId: string;
  readonly config: ProbeResultConfig;
  /** Counter prefix for the latency series, e.g. the probe definition's name. */
  readonly name: string;
}

export interface ProbeJudgement {
  readonly items: Item[];
  readonly snapshot: MonitorSnapshot<ProbeResultMemory>;
}

/** Judges `outcome` with the probe-result monitor type, continuing from `previous`. */
export function probeOutcomeItems(
  ref: ProbeMonitorRef,
  outcome: ProbeOutcome,
  previous: MonitorSnapshot<ProbeResultMemory> | undefined,
  previousState: HealthState | undefined,
  atMs: number,
): ProbeJudgement {
  const evaluation = probeResultMonitorType.evaluate(ref.config, previous, {
    kind: 'probe-result', atMs, success: outcome.success, latencyMs: outcome.latencyMs, detail: outcome.message,
  });
  const items: Item[] = [{ kind: 'perf', objectKey: ref.objectKey, counter: 'probe.latency_ms', instance: ref.name.slice(0, MAX_NAME), value: outcome.latencyMs, timestampMs: atMs }];
  for (const p of outcome.perf) {
    if (!Number.isFinite(p.value)) continue;
    items.push({
      kind: 'perf', objectKey: ref.objectKey, counter: p.counter.slice(0, MAX_NAME), value: p.value, timestampMs: atMs,
      ...(p.instance ? { instance: p.instance.slice(0, MAX_NAME) } : {}),
    });
  }
  const fromState = previous?.state ?? previousState ?? 'unknown';
  if (evaluation.state !== fromState) {
    const context: Record<string, string | number | boolean | null> = { summary: evaluation.context.summary, message: outcome.message.slice(0, 4000) };
    for (const [key, value] of Object.entries(outcome.details).slice(0, 200)) context[`detail.${key}`.slice(0, 128)] = value;
    items.push({ kind: 'state-change', objectKey: ref.objectKey, monitorId: ref.monitorId, fromState, toState: evaluation.state, timestampMs: atMs, context });
  }
  return { items, snapshot: { state: evaluation.state, memory: evaluation.memory } };
}
