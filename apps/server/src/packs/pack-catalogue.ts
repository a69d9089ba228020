// The imported management packs, indexed for the management server's hot paths: which
// discoveries, monitors and rules apply to an object of a class (through inheritance), and
// which alert a monitor raises. Immutable: a new import builds a new catalogue.
import type { MonitorAlertSettings, PackDocument, DiscoveryDefinition, RuleDefinition, UnitMonitor, ClassDefinition } from '@vigil/core';
import type { MonitorRules } from '../health/monitor-rules.ts';

export interface PackCatalogue {
  readonly packs: readonly PackDocument[];
  /** The class and its bases, own class first; just [classId] for an unknown class. */
  classChain(classId: string): readonly string[];
  classDefinition(classId: string): ClassDefinition | undefined;
  /** Key property names of a class (inherited ones included). */
  keyProperties(classId: string): readonly string[];
  discoveriesFor(classChain: readonly string[]): readonly DiscoveryDefinition[];
  unitMonitorsFor(classChain: readonly string[]): readonly UnitMonitor[];
  rulesFor(classChain: readonly string[]): readonly RuleDefinition[];
  unitMonitor(monitorId: string): UnitMonitor | undefined;
  readonly monitorRules: MonitorRules;
}

export function buildPackCatalogue(packs: readonly PackDocument[]): PackCatalogue {
  const classes = new Map<string, ClassDefinition>();
  const discoveries = new Map<string, DiscoveryDefinition[]>();
  const monitors = new Map<string, UnitMonitor[]>();
  const rules = new Map<string, RuleDefinition[]>();
  const monitorsById = new Map<string, UnitMonitor>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => void map.set(key, [...(map.get(key) ?? []), value]);

  for (const pack of packs) {
    for (const c of pack.classes ?? []) classes.set(c.id, c);
    for (const d of pack.discoveries ?? []) if (d.enabled !== false) push(discoveries, d.target, d);
    for (const m of pack.monitors ?? []) {
      if (m.kind !== 'unit') continue;
      monitorsById.set(m.id, m);
      if (m.enabled !== false) push(monitors, m.target, m);
    }
    for (const r of pack.rules ?? []) if (r.enabled !== false) push(rules, r.target, r);
  }

  const chains = new Map<string, string[]>();
  const classChain = (classId: string): string[] => {
    const cached = chains.get(classId);
    if (cached) return cached;
    const chain: string[] = [];
    for (let id: string | undefined = classId; id && !chain.includes(id); id = classes.get(id)?.base) chain.push(id);
    chains.set(classId, chain);
    return chain;
  };
  const collect = <T>(map: Map<string, T[]>, chain: readonly string[]): T[] => chain.flatMap((id) => map.get(id) ?? []);

  return {
    packs,
    classChain,
    classDefinition: (id) => classes.get(id),
    keyProperties: (id) => classChain(id).flatMap((c) => (classes.get(c)?.properties ?? []).filter((p) => p.key).map((p) => p.name)),
    discoveriesFor: (chain) => collect(discoveries, chain),
    unitMonitorsFor: (chain) => collect(monitors, chain),
    rulesFor: (chain) => collect(rules, chain),
    unitMonitor: (id) => monitorsById.get(id),
    monitorRules: { alertSettings: (monitorId) => alertSettingsOf(monitorsById.get(monitorId)) },
  };
}

function alertSettingsOf(monitor: UnitMonitor | undefined): MonitorAlertSettings | undefined {
  if (!monitor?.alert) return undefined;
  return {
    name: monitor.alert.name,
    ...(monitor.alert.description !== undefined ? { description: monitor.alert.description } : {}),
    priority: monitor.alert.priority ?? 'medium',
    alertOn: monitor.alert.raiseOn ?? 'critical',
  };
}
