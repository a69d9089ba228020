// Monitors: known target class, a unit monitor's type known to the registry with a config it
// accepts, a parent that is a standard or aggregate monitor (without cycles), and a dependency
// monitor whose relationship starts at its target class.
import { STANDARD_AGGREGATES } from '../schema/common.schema.ts';
import { MONITOR_SOURCE_INPUT_KINDS, monitorSourceKind, type MonitorDefinition, type MonitorSourceKind, type UnitMonitor } from '../schema/monitor.schema.ts';
import { findCycle } from './find-cycle.ts';
import { resolve, type Check, type CheckContext } from './check-context.ts';

/** The root of every object's health; a dependency monitor may roll it up from members. */
export const ENTITY_HEALTH = 'EntityHealth';

const STANDARD: readonly string[] = STANDARD_AGGREGATES;

export const checkMonitors: Check = (context) => {
  const monitors = context.document.monitors ?? [];
  monitors.forEach((monitor, index) => {
    const path = ['monitors', index];
    resolve(context, [...path, 'target'], monitor.target, ['class'], `Target class of monitor "${monitor.id}":`);
    checkParent(context, monitor, index);
    if (monitor.kind === 'unit') {
      if (!context.catalogue.has(monitor.type)) {
        context.report({
          path: [...path, 'type'],
          message: `Monitor type "${monitor.type}" is unknown. Use a type registered in the health model (e.g. threshold, heartbeat) or install the plugin that provides it.`,
        });
      } else {
        for (const problem of context.catalogue.validateConfig(monitor.type, monitor.config)) {
          context.report({ path: [...path, 'config'], message: `Config of monitor "${monitor.id}" (type ${monitor.type}): ${problem}` });
        }
        checkSourceFits(context, monitor, index);
      }
    }
    if (monitor.kind === 'dependency') {
      const relationship = resolve(context, [...path, 'relationship'], monitor.relationship, ['relationship'], `Relationship of dependency monitor "${monitor.id}":`);
      if (relationship !== undefined && !context.index.isSameOrDerived(monitor.target, relationship.element.source)) {
        context.report({
          path: [...path, 'relationship'],
          message: `Dependency monitor "${monitor.id}" targets "${monitor.target}", but relationship "${relationship.element.id}" starts at "${relationship.element.source}". Target that class (or one derived from it) or pick a relationship that starts at ${monitor.target}.`,
        });
      }
      const member = monitor.memberMonitor;
      if (member !== undefined && member !== ENTITY_HEALTH && !STANDARD.includes(member)) {
        resolve(context, [...path, 'memberMonitor'], member, ['monitor'], `Member monitor of "${monitor.id}":`);
      }
    }
  });

  const own = new Set(monitors.map((monitor) => monitor.id));
  const cycle = findCycle(own, (id) => {
    const entry = context.index.get(id);
    return entry?.kind === 'monitor' && !STANDARD.includes(entry.element.parent) ? [entry.element.parent] : [];
  });
  if (cycle !== undefined) {
    const index = monitors.findIndex((monitor) => monitor.id === cycle[0]);
    context.report({ path: ['monitors', index, 'parent'], message: `Monitor parents form a cycle: ${cycle.join(' -> ')}. Point one of them at Availability, Configuration, Performance or Security.` });
  }
};

/** The source must feed the monitor type an input kind it accepts (a log source cannot drive a threshold). */
function checkSourceFits(context: CheckContext, monitor: UnitMonitor, index: number): void {
  if (monitor.source === undefined || context.catalogue.get === undefined) return;
  const accepted = context.catalogue.get(monitor.type).inputKinds;
  const kind = monitorSourceKind(monitor.source);
  const produces = MONITOR_SOURCE_INPUT_KINDS[kind];
  if (accepted.includes(produces)) return;
  const fitting = (Object.keys(MONITOR_SOURCE_INPUT_KINDS) as MonitorSourceKind[]).filter((k) => accepted.includes(MONITOR_SOURCE_INPUT_KINDS[k]));
  context.report({
    path: ['monitors', index, 'source', ...(monitor.source.kind === undefined ? [] : ['kind'])],
    message: `Monitor "${monitor.id}" has a ${kind} source, which gives ${produces} input, but monitor type ${monitor.type} accepts ${accepted.join(', ')}. ${
      fitting.length > 0 ? `Use a source of kind ${fitting.join(' or ')}` : `Remove the source: ${monitor.type} is not fed by an agent source`
    }, or pick a monitor type that accepts ${produces}.`,
  });
}

function checkParent(context: CheckContext, monitor: MonitorDefinition, index: number): void {
  if (STANDARD.includes(monitor.parent)) return;
  const path = ['monitors', index, 'parent'];
  if (monitor.parent === monitor.id) {
    context.report({ path, message: `Monitor "${monitor.id}" is its own parent. Use Availability, Configuration, Performance, Security or an aggregate monitor.` });
    return;
  }
  const parent = resolve(context, path, monitor.parent, ['monitor'], `Parent of monitor "${monitor.id}":`);
  if (parent === undefined) return;
  if (parent.element.kind !== 'aggregate') {
    context.report({ path, message: `Parent "${monitor.parent}" of monitor "${monitor.id}" is a ${parent.element.kind} monitor; only aggregate monitors have children.` });
  } else if (!context.index.isSameOrDerived(monitor.target, parent.element.target)) {
    context.report({
      path,
      message: `Monitor "${monitor.id}" targets "${monitor.target}" but its parent "${parent.element.id}" targets "${parent.element.target}". A parent must target the same class or a base class.`,
    });
  }
}
