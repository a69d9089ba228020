// Discoveries: find items (collector objects, configured entries, command JSON lines), map each to
// an instance through `discovers.properties` (`$item.x`, `$target.X`, literals), and send one
// `discovery` item per run with the complete set for the target (docs/agent-workflows.md).
import { Type } from 'typebox';
import { DiscoverySource } from '@vigil/core/pack-schema';
import { VigilError } from '@vigil/core/errors';
import { MAX_DISCOVERY_INSTANCES, type DiscoveryItem as DiscoveryItemMessage } from '@vigil/protocol/link';
import { PRIMING_RETRY_MS } from '../counter-reader.ts';
import { CONFIGURED_COLLECTOR, collectorItems, configuredItems, jsonLineItems, type DiscoveryItem, type ItemsResult } from '../discovery-items.ts';
import { evaluateProperty, expandArgs, instanceKey, substituteTarget, type Scalar } from '../expressions.ts';
import { checked, configurationOf, intervalMsOf, targetOf } from '../workflow-configuration.ts';
import type { WorkflowPlugin } from '../workflow-plugin.ts';

const Discovers = Type.Object({
  class: Type.String({ minLength: 1 }),
  properties: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  relationship: Type.Optional(Type.String()),
  keyProperties: Type.Optional(Type.Array(Type.String())),
});

type Instance = DiscoveryItemMessage['instances'][number];

export const discoveryWorkflow: WorkflowPlugin = {
  kind: 'discovery',
  defaultIntervalSeconds: 3600,
  accepts: (typeId) => typeId === 'collector' || typeId === 'command',
  create(workflow, services) {
    const configuration = configurationOf(workflow);
    const source = checked(DiscoverySource, configuration['source'], workflow, 'source');
    const discovers = checked(Discovers, configuration['discovers'], workflow, 'discovers');
    const target = targetOf(workflow);
    const intervalMs = intervalMsOf(workflow, source.intervalSeconds);
    // The server puts the discovery's config with overrides applied here; the pack's own is the default.
    const config = (configuration['config'] ?? (source.kind === 'collector' ? source.config : undefined) ?? {}) as Record<string, unknown>;
    if (source.kind === 'collector' && source.collector !== CONFIGURED_COLLECTOR && !services.collectors.has(source.collector)) {
      throw new VigilError('AGENT_WORKFLOW_UNSUPPORTED', { workflowId: workflow.workflowId, targetKey: workflow.targetKey, reason: `the agent has no collector ${source.collector}` });
    }
    const keyProperties = discovers.keyProperties ?? [];

    async function findItems(): Promise<ItemsResult> {
      if (source.kind === 'command') {
        const result = await services.runCommand({
          executable: substituteTarget(source.command, target), args: expandArgs(source.args ?? [], target),
          timeoutMs: (source.timeoutSeconds ?? 60) * 1000, maxOutputBytes: 4 * 1024 * 1024, inheritEnv: ['PATH', 'LANG'],
        });
        if (result.kind !== 'completed') return { kind: 'none', reason: result.kind === 'timed-out' ? `timed out after ${result.timeoutMs} ms` : result.message };
        if (result.exitCode !== 0) return { kind: 'none', reason: `exited ${result.exitCode}: ${result.stderr.trim().slice(0, 500)}` };
        return { kind: 'items', items: jsonLineItems(result.stdout), primed: true };
      }
      if (source.collector === CONFIGURED_COLLECTOR) return { kind: 'items', items: configuredItems(config), primed: true };
      return collectorItems(services, source.collector, config, intervalMs);
    }

    function toInstance(item: DiscoveryItem): Instance | undefined {
      const properties: Record<string, Scalar> = {};
      for (const [name, expression] of Object.entries(discovers.properties)) {
        const value = evaluateProperty(expression, item, target);
        if (value !== undefined) properties[name] = typeof value === 'string' ? value.slice(0, 16_384) : value;
      }
      const keyValues = keyProperties.map((name) => properties[name] ?? null);
      if (keyValues.some((value) => value === null || value === '')) return undefined;
      return {
        classId: discovers.class,
        key: instanceKey(discovers.class, target, keyProperties.length > 0 ? keyValues : [item['key'] ?? '']),
        properties,
        ...(discovers.relationship === undefined || discovers.class === target.classId ? {} : { hostKey: target.key }),
      };
    }

    return {
      async run() {
        const found = await findItems();
        if (found.kind === 'none') {
          // No answer is not an empty answer: reporting none would remove every instance found before.
          services.logger.warn({ workflowId: workflow.workflowId, targetKey: workflow.targetKey, reason: found.reason }, `Discovery ${workflow.workflowId} found nothing this time: ${found.reason}`);
          return undefined;
        }
        const byKey = new Map<string, Instance>();
        for (const item of found.items) {
          const instance = toInstance(item);
          if (instance !== undefined && !byKey.has(instance.key)) byKey.set(instance.key, instance);
        }
        // Rate collectors report nothing on their first collection; wait for the second rather than report an empty set.
        if (byKey.size === 0 && !found.primed) return { retryInMs: PRIMING_RETRY_MS };
        const instances = [...byKey.values()].slice(0, MAX_DISCOVERY_INSTANCES);
        services.submit([{ kind: 'discovery', discoveryId: workflow.workflowId, targetKey: workflow.targetKey, instances, timestampMs: services.clock.nowMs() }]);
        return undefined;
      },
    };
  },
};
