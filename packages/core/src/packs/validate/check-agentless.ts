// Agentless monitoring: `kind: targets` discoveries (run by the management servers' pool) and
// `kind: probe` monitor sources. A targets discovery runs in the pool and creates objects nothing
// hosts; every listed target (in the pack or in an override of `targets`/`defaults`) gives each
// key property; a probe is known, its `$target.X` references name properties of the monitor's
// target class, and, when the server's probe registry is at hand, the probe accepts its config.
import { suggest } from '../parse/schema-explainer.ts';
import type { PackPath } from '../parse/pack-diagnostic.ts';
import { BUILT_IN_PROBES } from '../agentless/probe-catalogue.ts';
import { itemField, targetItems, targetsValueProblem } from '../agentless/target-items.ts';
import { targetReferences } from '../agentless/target-substitution.ts';
import type { DiscoveryDefinition, TargetsSource } from '../schema/discovery.schema.ts';
import type { ProbeMonitorSource, UnitMonitor } from '../schema/monitor.schema.ts';
import type { Check, CheckContext } from './check-context.ts';

export const checkAgentless: Check = (context) => {
  (context.document.discoveries ?? []).forEach((discovery, index) => {
    if (discovery.source.kind === 'targets') checkTargetsDiscovery(context, discovery, discovery.source, ['discoveries', index]);
  });
  (context.document.monitors ?? []).forEach((monitor, index) => {
    if (monitor.kind === 'unit' && monitor.source?.kind === 'probe') checkProbeMonitor(context, monitor, monitor.source, ['monitors', index]);
  });
  (context.document.overrides ?? []).forEach((override, index) => checkAgentlessOverride(context, override, index));
};

function checkTargetsDiscovery(context: CheckContext, discovery: DiscoveryDefinition, source: TargetsSource, path: PackPath): void {
  if (discovery.runsOn !== 'pool') {
    context.report({ path: [...path, 'runsOn'], message: `Discovery "${discovery.id}" lists targets, which the management servers' pool discovers without an agent. Set runsOn: pool.` });
  }
  if (discovery.discovers.relationship !== undefined) {
    context.report({
      path: [...path, 'discovers', 'relationship'],
      message: `Discovery "${discovery.id}" creates pool objects, which nothing hosts. Remove discovers.relationship.`,
    });
  }
  const cls = context.index.get(discovery.discovers.class);
  if (cls?.kind === 'class' && cls.element.hosted === true) {
    context.report({
      path: [...path, 'discovers', 'class'],
      message: `Class "${cls.element.id}" is hosted (its objects live on an agent's computer), but discovery "${discovery.id}" creates pool objects that nothing hosts. Discover a class that is not hosted.`,
    });
  }
  for (const problem of missingKeyFields(context, discovery, source.targets, source.defaults)) {
    const at = Array.isArray(source.targets) ? [...path, 'source', 'targets', problem.index] : [...path, 'source', 'targets', problem.name];
    context.report({ path: at, anchor: Array.isArray(source.targets) ? 'value' : 'key', message: problem.message });
  }
}

interface MissingField {
  readonly index: number;
  readonly name: string;
  readonly message: string;
}

/** Targets that lack a field a key property is read from (after `defaults`). */
function missingKeyFields(context: CheckContext, discovery: DiscoveryDefinition, targets: unknown, defaults: unknown): MissingField[] {
  if (targetsValueProblem(targets) !== undefined) return [];
  const properties = context.index.properties(discovery.discovers.class);
  const keyFields = [...properties.values()]
    .filter((property) => property.key === true)
    .flatMap((property) => {
      const field = itemField(discovery.discovers.properties[property.name]);
      return field === undefined ? [] : [{ property: property.name, field }];
    });
  const names = Array.isArray(targets) ? targets.map((_, index) => `targets[${index}]`) : Object.keys(targets as object);
  return targetItems(targets, defaults).flatMap((item, index) =>
    keyFields
      .filter(({ field }) => item[field] === undefined)
      .map(({ property, field }) => ({
        index,
        name: names[index] ?? String(index),
        message: `Target "${names[index]}" of discovery "${discovery.id}" has no field "${field}", which key property "${property}" of "${discovery.discovers.class}" is read from ($item.${field}). Add the field (or a default under source.defaults).`,
      })),
  );
}

function checkProbeMonitor(context: CheckContext, monitor: UnitMonitor, source: ProbeMonitorSource, path: PackPath): void {
  const known = context.probes?.ids() ?? BUILT_IN_PROBES;
  if (!(context.probes?.has(source.probe) ?? BUILT_IN_PROBES.includes(source.probe))) {
    context.report({
      path: [...path, 'source', 'probe'],
      message: `Probe "${source.probe}" of monitor "${monitor.id}" is unknown.${suggest(source.probe, known)} Known probes: ${known.join(', ')}.`,
    });
    return;
  }
  const properties = context.index.properties(monitor.target);
  for (const reference of targetReferences(source.config)) {
    if (properties.has(reference.property)) continue;
    context.report({
      path: [...path, 'source', 'config', ...reference.path],
      message: `Monitor "${monitor.id}" uses $target.${reference.property}, but class "${monitor.target}" has no property "${reference.property}".${suggest(reference.property, [...properties.keys()])} Known properties: ${[...properties.keys()].join(', ') || '(none)'}.`,
    });
  }
  for (const problem of probeConfigProblems(context, source.probe, source.config)) {
    context.report({ path: [...path, 'source', 'config'], message: `Probe config of monitor "${monitor.id}" (probe ${source.probe}): ${problem}` });
  }
}

/**
 * The probe's own verdict on a config, when the registry is at hand. Fields holding `$target.X`
 * are only known per object (the server checks them when it compiles each object's probes), so
 * problems naming such a field are not reported here.
 */
function probeConfigProblems(context: CheckContext, probe: string, config: Readonly<Record<string, unknown>>): string[] {
  if (context.probes === undefined || !context.probes.has(probe)) return [];
  const perObject = Object.keys(config).filter((key) => targetReferences(config[key]).length > 0);
  return context.probes.validateConfig(probe, config).filter((problem) => !perObject.some((key) => problem.includes(`"${key}"`)));
}

function checkAgentlessOverride(context: CheckContext, override: NonNullable<CheckContext['document']['overrides']>[number], index: number): void {
  const workflow = context.index.get(override.workflow);
  const path = ['overrides', index, 'value'];
  if (workflow?.kind === 'discovery' && workflow.element.source.kind === 'targets') {
    const { source } = workflow.element;
    const [targets, defaults] = override.parameter === 'targets' ? [override.value, source.defaults] : override.parameter === 'defaults' ? [source.targets, override.value] : [undefined, undefined];
    if (targets === undefined) return;
    for (const problem of missingKeyFields(context, workflow.element, targets, defaults)) {
      context.report({ path, message: `Override "${override.id}": ${problem.message}` });
    }
  }
  if (workflow?.kind === 'monitor' && workflow.element.kind === 'unit' && workflow.element.source?.kind === 'probe') {
    const { source, config } = workflow.element;
    if (!(override.parameter in source.config) || override.parameter in config) return;
    const effective = { ...source.config, [override.parameter]: override.value };
    for (const problem of probeConfigProblems(context, source.probe, effective)) {
      context.report({ path, message: `Override "${override.id}" makes the probe config of "${workflow.element.id}" invalid: ${problem}` });
    }
  }
}
