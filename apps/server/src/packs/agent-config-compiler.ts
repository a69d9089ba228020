// Compiles the imported packs into one agent's workflows (docs/agent-workflows.md): for every
// object the agent manages, the agent-run discoveries, source-driven unit monitors and rules that
// target its class or a base class, with overrides applied. The version is a hash of the result,
// so an unchanged instance space yields an unchanged version and nothing is resent.
import { createHash } from 'node:crypto';
import { effectiveParameter, type Override } from '@vigil/core';
import type { Workflow } from '@vigil/protocol';
import type { PackCatalogue } from './pack-catalogue.ts';

export interface AgentObject {
  readonly id: string;
  readonly classId: string;
  readonly objectKey: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly groupIds: readonly string[];
}

export interface CompiledAgentConfig {
  readonly version: string;
  readonly workflows: readonly Workflow[];
}

type Scalar = string | number | boolean;

export function compileAgentConfig(catalogue: PackCatalogue, objects: readonly AgentObject[], overrides: readonly Override[]): CompiledAgentConfig {
  const workflows: Workflow[] = [];
  for (const object of objects) {
    const chain = catalogue.classChain(object.classId);
    const subject = { objectId: object.id, classChain: chain, groupIds: object.groupIds };
    const parameter = (workflowId: string, name: string, defaultValue: unknown): unknown => {
      const result = effectiveParameter({ overrides, workflowId, parameter: name, subject, defaultValue });
      return result.kind === 'overridden' ? result.value : defaultValue;
    };
    const target = { classId: object.classId, key: object.objectKey, properties: object.properties };

    for (const discovery of catalogue.discoveriesFor(chain)) {
      if (discovery.runsOn !== 'agent' || parameter(discovery.id, 'enabled', true) !== true) continue;
      // A collector discovery's config keys (e.g. the services or Nagios checks to look for) are overridable.
      const sourceConfig = discovery.source.kind === 'collector' ? (discovery.source.config ?? {}) : {};
      const config = Object.fromEntries(Object.entries(sourceConfig).map(([k, v]) => [k, parameter(discovery.id, k, v)]));
      workflows.push({
        workflowId: discovery.id,
        kind: 'discovery',
        typeId: discovery.source.kind,
        targetKey: object.objectKey,
        intervalSeconds: Number(parameter(discovery.id, 'intervalSeconds', discovery.source.intervalSeconds)),
        enabled: true,
        configuration: json({ target, source: discovery.source, config, discovers: { ...discovery.discovers, keyProperties: catalogue.keyProperties(discovery.discovers.class) } }),
      });
    }
    for (const monitor of catalogue.unitMonitorsFor(chain)) {
      // Probe sources run in the resource pool (pool-config-compiler.ts), never on an agent.
      if (!monitor.source || monitor.source.kind === 'probe' || parameter(monitor.id, 'enabled', true) !== true) continue;
      const config = Object.fromEntries(Object.entries(monitor.config).map(([k, v]) => [k, parameter(monitor.id, k, v)]));
      workflows.push({
        workflowId: monitor.id,
        kind: 'monitor',
        typeId: monitor.type,
        targetKey: object.objectKey,
        intervalSeconds: Number(parameter(monitor.id, 'intervalSeconds', monitor.source.intervalSeconds)),
        enabled: true,
        configuration: json({ target, source: monitor.source, config }),
      });
    }
    for (const rule of catalogue.rulesFor(chain)) {
      if ((rule.runsOn ?? 'agent') !== 'agent' || parameter(rule.id, 'enabled', true) !== true) continue;
      const interval = rule.kind === 'performance-collection' ? Number(parameter(rule.id, 'intervalSeconds', rule.source.intervalSeconds)) : undefined;
      const optimized = rule.kind === 'performance-collection' && rule.optimized ? { ...rule.optimized, tolerance: parameter(rule.id, 'tolerance', rule.optimized.tolerance) } : undefined;
      workflows.push({
        workflowId: rule.id,
        kind: 'rule',
        typeId: rule.kind,
        targetKey: object.objectKey,
        ...(interval !== undefined ? { intervalSeconds: interval } : {}),
        enabled: true,
        configuration: json({ target, source: rule.source, ...(rule.kind === 'alert' ? { alert: rule.alert } : {}), ...(optimized ? { optimized } : {}) }),
      });
    }
  }
  workflows.sort((a, b) => (a.workflowId === b.workflowId ? a.targetKey.localeCompare(b.targetKey) : a.workflowId.localeCompare(b.workflowId)));
  const version = createHash('sha256').update(JSON.stringify(workflows)).digest('hex').slice(0, 32);
  return { version, workflows };
}

/** Workflow configuration is JSON: drop undefined, keep scalars, arrays and plain objects. */
function json(value: Record<string, unknown>): Record<string, Scalar | object> {
  return JSON.parse(JSON.stringify(value)) as Record<string, Scalar | object>;
}
