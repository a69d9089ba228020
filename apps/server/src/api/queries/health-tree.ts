// An object's health tree for the API: Entity Health -> Availability / Configuration /
// Performance / Security -> (pack aggregate monitors) -> unit monitors, built from the pack
// monitors that apply to the object's class chain (their `parent`) and the stored monitor
// states. Nodes without a stored state roll up worst-of their children.
import { ENTITY_HEALTH_MONITOR_ID, HEALTH_CATEGORIES } from '@vigil/core';
import type { HealthStateValue, HealthTreeNode, MonitorStateView } from '@vigil/protocol';
import type { PackCatalogue } from '../../packs/pack-catalogue.ts';

const RANK: Readonly<Record<HealthStateValue, number>> = { unknown: 0, healthy: 1, warning: 2, critical: 3 };
const CATEGORY_NAMES: Readonly<Record<string, string>> = { availability: 'Availability', configuration: 'Configuration', performance: 'Performance', security: 'Security' };

export interface StoredMonitorState {
  readonly monitorId: string;
  readonly state: HealthStateValue;
  readonly changedAtMs: number;
  readonly context: Record<string, unknown>;
}

/** `parent` as packs write it ('Availability' or an aggregate id) -> the tree node id. */
function parentNodeId(parent: string): string {
  const lower = parent.toLowerCase();
  return (HEALTH_CATEGORIES as readonly string[]).includes(lower) ? lower : parent;
}

export function healthTreeOf(
  catalogue: PackCatalogue,
  classId: string,
  entityState: HealthStateValue,
  stored: readonly StoredMonitorState[],
): { tree: HealthTreeNode[]; monitors: MonitorStateView[] } {
  const chain = catalogue.classChain(classId);
  const targets = new Set(chain);
  const byId = new Map(stored.map((s) => [s.monitorId, s]));
  const nodes = new Map<string, { node: Omit<HealthTreeNode, 'state'> & { state: HealthStateValue | null } }>();
  const add = (monitorId: string, parentId: string | null, displayName: string, kind: HealthTreeNode['kind']): void => {
    const s = byId.get(monitorId);
    nodes.set(monitorId, { node: { monitorId, parentId, displayName, kind, state: s?.state ?? null, changedAtMs: s?.changedAtMs ?? null } });
  };
  add(ENTITY_HEALTH_MONITOR_ID, null, 'Entity Health', 'aggregate');
  for (const category of HEALTH_CATEGORIES) add(category, ENTITY_HEALTH_MONITOR_ID, CATEGORY_NAMES[category] ?? category, 'aggregate');
  const monitors: MonitorStateView[] = [];
  for (const pack of catalogue.packs) {
    for (const m of pack.monitors ?? []) {
      if (!targets.has(m.target) || m.enabled === false) continue;
      add(m.id, parentNodeId(m.parent), m.displayName ?? m.id, m.kind);
      const s = byId.get(m.id);
      monitors.push({ monitorId: m.id, displayName: m.displayName ?? m.id, kind: m.kind, state: s?.state ?? 'unknown', changedAtMs: s?.changedAtMs ?? null, context: s?.context ?? {} });
    }
  }
  // States stored for monitors no current pack defines (e.g. built-in heartbeat) still show.
  for (const s of stored) {
    if (nodes.has(s.monitorId)) continue;
    add(s.monitorId, 'availability', s.monitorId, 'unit');
    monitors.push({ monitorId: s.monitorId, displayName: s.monitorId, kind: 'unit', state: s.state, changedAtMs: s.changedAtMs, context: s.context });
  }
  // Unknown parents hang under Availability rather than vanish.
  for (const { node } of nodes.values()) if (node.parentId !== null && !nodes.has(node.parentId)) node.parentId = 'availability';
  const resolve = (id: string, seen: Set<string>): HealthStateValue => {
    const entry = nodes.get(id)!.node;
    if (entry.state !== null) return entry.state;
    if (seen.has(id)) return 'unknown';
    seen.add(id);
    let worst: HealthStateValue = 'unknown';
    for (const { node } of nodes.values()) {
      if (node.parentId !== id) continue;
      const state = resolve(node.monitorId, seen);
      if (RANK[state] > RANK[worst]) worst = state;
    }
    entry.state = id === ENTITY_HEALTH_MONITOR_ID ? entityState : worst;
    return entry.state;
  };
  const tree = [...nodes.values()].map(({ node }) => ({ ...node, state: resolve(node.monitorId, new Set()) }));
  return { tree, monitors };
}
