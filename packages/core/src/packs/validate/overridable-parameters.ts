// Which parameters of a workflow an override may change, and what values they take. The health
// model's override engine applies exactly these names, so this is the shared contract between
// pack validation and override resolution.
import type { DiscoveryDefinition } from '../schema/discovery.schema.ts';
import type { MonitorDefinition } from '../schema/monitor.schema.ts';
import type { RuleDefinition } from '../schema/rule.schema.ts';
import { targetReferences } from '../agentless/target-substitution.ts';
import { targetsValueProblem } from '../agentless/target-items.ts';

export type OverridableWorkflow =
  | { readonly kind: 'monitor'; readonly element: MonitorDefinition }
  | { readonly kind: 'rule'; readonly element: RuleDefinition }
  | { readonly kind: 'discovery'; readonly element: DiscoveryDefinition };

export type ParameterSpec =
  | { readonly type: 'boolean' | 'number' | 'string' | 'any' }
  /** The `targets` of a targets discovery: a list of field maps or a map (see target-items.ts). */
  | { readonly type: 'targets' }
  /** A map of field -> text, number or boolean (a targets discovery's `defaults`). */
  | { readonly type: 'fields' }
  | { readonly type: 'choice'; readonly allowed: readonly string[] };

const SEVERITY: ParameterSpec = { type: 'choice', allowed: ['critical', 'warning', 'information'] };
const PRIORITY: ParameterSpec = { type: 'choice', allowed: ['high', 'medium', 'low'] };

/**
 * Every workflow has `enabled`; monitors with an alert add `generateAlert`, `alertSeverity` and
 * `alertPriority`; a unit monitor adds its source's `intervalSeconds` and each key of its `config`
 * (typed by the value written in the pack); rules and discoveries add their interval and the like; a collector discovery adds each key of its
 * source `config` (the server applies them to the workflow's `configuration.config`). A probe
 * source adds each key of its probe `config` that the monitor config does not already name; a
 * targets discovery adds `targets`, `defaults` and `pool`.
 */
export function overridableParameters(workflow: OverridableWorkflow): ReadonlyMap<string, ParameterSpec> {
  const parameters = new Map<string, ParameterSpec>([['enabled', { type: 'boolean' }]]);
  switch (workflow.kind) {
    case 'monitor': {
      const monitor = workflow.element;
      if (monitor.alert !== undefined) {
        parameters.set('generateAlert', { type: 'boolean' });
        parameters.set('alertSeverity', SEVERITY);
        parameters.set('alertPriority', PRIORITY);
      }
      if (monitor.kind === 'unit') {
        if (monitor.source !== undefined) parameters.set('intervalSeconds', { type: 'number' });
        for (const [key, value] of Object.entries(monitor.config)) parameters.set(key, { type: typeOfValue(value) });
        if (monitor.source?.kind === 'probe') {
          for (const [key, value] of Object.entries(monitor.source.config)) {
            // A `$target.X` field takes whatever the property holds, so its override is not typed by the text.
            if (!parameters.has(key)) parameters.set(key, { type: targetReferences(value).length > 0 ? 'any' : typeOfValue(value) });
          }
        }
      } else if (monitor.rollup.policy === 'percentage') {
        parameters.set('healthyPercent', { type: 'number' });
      }
      return parameters;
    }
    case 'rule': {
      const rule = workflow.element;
      if (rule.kind === 'performance-collection') {
        parameters.set('intervalSeconds', { type: 'number' });
        if (rule.optimized !== undefined) parameters.set('tolerance', { type: 'number' });
      }
      if (rule.kind === 'alert') {
        parameters.set('alertSeverity', SEVERITY);
        parameters.set('alertPriority', PRIORITY);
      }
      return parameters;
    }
    case 'discovery': {
      const source = workflow.element.source;
      parameters.set('intervalSeconds', { type: 'number' });
      if (source.kind === 'targets') {
        parameters.set('targets', { type: 'targets' });
        parameters.set('defaults', { type: 'fields' });
        parameters.set('pool', { type: 'string' });
        return parameters;
      }
      // A collector discovery's config keys (e.g. the service names or Nagios checks it lists).
      if (source.kind === 'collector') for (const [key, value] of Object.entries(source.config ?? {})) parameters.set(key, { type: typeOfValue(value) });
      return parameters;
    }
  }
}

/** Why `value` does not suit `spec`, or undefined when it does. */
export function parameterValueProblem(spec: ParameterSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'any':
      return undefined;
    case 'targets':
      return targetsValueProblem(value);
    case 'fields':
      return targetsValueProblem([value]) === undefined ? undefined : 'must be a map of field -> text, number or true/false';
    case 'choice':
      return typeof value === 'string' && spec.allowed.includes(value) ? undefined : `must be one of ${spec.allowed.join(', ')}`;
    default:
      return typeof value === spec.type ? undefined : `must be a ${spec.type === 'boolean' ? 'boolean (true or false)' : spec.type}`;
  }
}

function typeOfValue(value: unknown): 'boolean' | 'number' | 'string' | 'any' {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return typeof value as 'number' | 'boolean' | 'string';
  return 'any';
}
