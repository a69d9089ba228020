// Unit monitors: read the source, evaluate the monitor type (core health registry) with the memory
// kept for this workflow and target, and send a `state-change` only when the state changes. The
// first evaluation ever reports the change from 'unknown'; after a restart the persisted state
// is the baseline, so an unchanged state is not sent again.
import { MONITOR_SOURCE_INPUT_KINDS, type MonitorSourceKind } from '@vigil/core/pack-schema';
import { VigilError } from '@vigil/core/errors';
import type { ContextValue, MonitorContext } from '@vigil/core/health';
import type { Item, StateChangeItem } from '@vigil/protocol/link';
import { MONITOR_SOURCES } from '../sources/monitor-sources.ts';
import { configurationOf, intervalMsOf, targetOf } from '../workflow-configuration.ts';
import type { WorkflowPlugin } from '../workflow-plugin.ts';

/** Context values travel as ScalarMap text of at most 16 KiB; long plugin output is cut. */
const MAX_CONTEXT_TEXT = 4096;

export const monitorWorkflow: WorkflowPlugin = {
  kind: 'monitor',
  defaultIntervalSeconds: 60,
  accepts: (typeId, services) => services.monitorTypes.has(typeId),
  create(workflow, services) {
    const configuration = configurationOf(workflow);
    const source = configuration['source'] as { kind?: unknown } | undefined;
    const ids = { workflowId: workflow.workflowId, targetKey: workflow.targetKey };
    if (typeof source !== 'object' || source === null) throw new VigilError('AGENT_WORKFLOW_UNSUPPORTED', { ...ids, reason: 'the monitor has no source' });
    const kind = typeof source.kind === 'string' ? source.kind : 'counter';
    const sourcePlugin = MONITOR_SOURCES.get(kind);
    if (sourcePlugin === undefined) {
      throw new VigilError('VALIDATION_FAILED', { what: `Workflow ${workflow.workflowId}: source kind "${kind}" is not one of ${[...MONITOR_SOURCES.keys()].join(', ')}.` });
    }
    const monitor = services.monitorTypes.compile(workflow.typeId, configuration['config'] ?? {});
    const inputKind = MONITOR_SOURCE_INPUT_KINDS[kind as MonitorSourceKind];
    const accepted: readonly string[] = services.monitorTypes.get(workflow.typeId).inputKinds;
    if (!accepted.includes(inputKind)) {
      throw new VigilError('VALIDATION_FAILED', { what: `Workflow ${workflow.workflowId}: a ${kind} source gives ${inputKind} input, but monitor type ${workflow.typeId} accepts ${accepted.join(', ')}.` });
    }
    const target = targetOf(workflow);
    const bound = sourcePlugin.bind(source, { workflow, target, services, intervalMs: intervalMsOf(workflow, 60) });
    const stateKey = `${workflow.workflowId}|${workflow.targetKey}`;

    return {
      ...(bound.intervalMs === undefined ? {} : { intervalMs: bound.intervalMs }),
      async run() {
        const reading = await bound.read();
        if (reading.kind === 'none') {
          services.logger.debug({ ...ids, reason: reading.reason }, 'Monitor has nothing to evaluate this time.');
          return reading.retryInMs === undefined ? undefined : { retryInMs: reading.retryInMs };
        }
        const stored = services.monitorStates.get(stateKey);
        const previous = stored === undefined ? undefined : { state: stored.state, memory: stored.typeId === workflow.typeId ? stored.memory : undefined };
        const evaluation = monitor.evaluate(previous, reading.input);
        const changed = evaluation.state !== previous?.state;
        const items: Item[] = [...(reading.items ?? [])];
        if (changed) {
          const change: StateChangeItem = {
            kind: 'state-change', objectKey: workflow.targetKey, monitorId: workflow.workflowId,
            fromState: previous?.state ?? 'unknown', toState: evaluation.state, timestampMs: reading.input.atMs,
            context: contextMap(evaluation.context),
          };
          items.push(change);
        }
        if (items.length > 0) services.submit(items);
        services.monitorStates.set(stateKey, { typeId: workflow.typeId, state: evaluation.state, memory: evaluation.memory }, changed);
        await reading.commit?.();
        return undefined;
      },
    };
  },
};

/** The monitor type's context as a flat scalar map: the summary and each observed value. */
export function contextMap(context: MonitorContext): Record<string, ContextValue> {
  const map: Record<string, ContextValue> = { summary: clip(context.summary) };
  for (const [key, value] of Object.entries(context.observed).slice(0, 200)) {
    map[key.slice(0, 128)] = typeof value === 'string' ? clip(value) : value;
  }
  return map;
}

function clip(text: string): string {
  return text.length > MAX_CONTEXT_TEXT ? `${text.slice(0, MAX_CONTEXT_TEXT)}…` : text;
}
