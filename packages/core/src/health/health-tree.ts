// The health tree of one object: Entity Health at the top, the four standard aggregates under
// it, unit monitors and dependency monitors at the leaves. Every class gets the same shape,
// so a console can always show Availability / Configuration / Performance / Security.
import type { HealthState } from './health-state.ts';
import { DEFAULT_ROLLUP_POLICY, rollup, type RollupMember, type HealthRollupPolicy, type RollupResult } from './rollup.ts';

export const HEALTH_CATEGORIES = ['availability', 'configuration', 'performance', 'security'] as const;
export type HealthCategory = (typeof HEALTH_CATEGORIES)[number];

export const ENTITY_HEALTH_MONITOR_ID = 'entity-health';

/** A related object as a dependency monitor sees it (e.g. a database a web app depends on). */
export interface RelatedMember extends RollupMember {
  readonly relationshipId: string;
}

export type HealthNode =
  | { readonly kind: 'unit'; readonly id: string; readonly state: HealthState }
  | { readonly kind: 'aggregate'; readonly id: string; readonly policy: HealthRollupPolicy; readonly children: readonly HealthNode[] }
  /** Rolls up the health of objects reached through `relationshipId`; other members are skipped. */
  | {
      readonly kind: 'dependency';
      readonly id: string;
      readonly relationshipId: string;
      readonly policy: HealthRollupPolicy;
      readonly members: readonly RelatedMember[];
    };

export interface HealthNodeResult {
  readonly id: string;
  readonly kind: HealthNode['kind'];
  readonly state: HealthState;
  /** Ids of the children (monitors or related objects) that decided this state. */
  readonly contributing: readonly string[];
  readonly children: readonly HealthNodeResult[];
}

/** Evaluates a health tree bottom-up. Pure; an aggregate with no children is unknown. */
export function evaluateHealthTree(node: HealthNode): HealthNodeResult {
  switch (node.kind) {
    case 'unit':
      return { id: node.id, kind: 'unit', state: node.state, contributing: [], children: [] };
    case 'aggregate': {
      const children = node.children.map(evaluateHealthTree);
      const result = rollup(node.policy, children.map((c) => ({ id: c.id, state: c.state })));
      return { id: node.id, kind: 'aggregate', state: result.state, contributing: result.contributing, children };
    }
    case 'dependency': {
      const result = rollupDependency(node.policy, node.relationshipId, node.members);
      return { id: node.id, kind: 'dependency', state: result.state, contributing: result.contributing, children: [] };
    }
  }
}

/** A dependency monitor: rolls up only the members reached through the given relationship. */
export function rollupDependency(
  policy: HealthRollupPolicy,
  relationshipId: string,
  members: readonly RelatedMember[],
): RollupResult {
  return rollup(policy, members.filter((m) => m.relationshipId === relationshipId));
}

export interface CategorisedMonitor {
  readonly category: HealthCategory;
  readonly node: HealthNode;
}

/**
 * Builds the standard tree: Entity Health (worst-of) over the four category aggregates
 * (worst-of), each holding the monitors of its category. Empty categories are unknown and, by
 * the default policy, ignored by Entity Health, so a class without security monitors is not
 * dragged to unknown.
 */
export function standardHealthTree(
  monitors: readonly CategorisedMonitor[],
  policies: Partial<Record<HealthCategory | 'entity', HealthRollupPolicy>> = {},
): HealthNode {
  const categories: HealthNode[] = HEALTH_CATEGORIES.map((category) => ({
    kind: 'aggregate',
    id: category,
    policy: policies[category] ?? DEFAULT_ROLLUP_POLICY,
    children: monitors.filter((m) => m.category === category).map((m) => m.node),
  }));
  return { kind: 'aggregate', id: ENTITY_HEALTH_MONITOR_ID, policy: policies.entity ?? DEFAULT_ROLLUP_POLICY, children: categories };
}
