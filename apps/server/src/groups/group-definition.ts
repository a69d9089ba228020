// A group as the API and the membership engine see it: static members, dynamic rules (a class,
// including classes derived from it, plus property conditions), nested groups, and how the
// group's health rolls up. A superset of the pack schema's GroupDefinition (adds `contains` and
// `healthRollup`), stored as monitoring_group.definition_json.
import {
  CONDITION_OPERATORS, isUuid, validateHealthRollupPolicy,
  type HealthRollupPolicy, type MemberPolicy,
} from '@vigil/core';

export const GROUP_CONDITION_OPERATORS = [...CONDITION_OPERATORS, 'contains'] as const;
export type GroupConditionOperator = (typeof GROUP_CONDITION_OPERATORS)[number];

/**
 * `property` names a key of the object's properties, or one of the pseudo-properties
 * `$displayName`, `$objectKey`, `$classId`.
 */
export interface GroupCondition {
  readonly property: string;
  readonly operator: GroupConditionOperator;
  readonly value?: string | number | boolean;
}

/** Instances of `class` or of a class derived from it, satisfying every condition. */
export interface GroupRule {
  readonly class: string;
  readonly where?: readonly GroupCondition[];
}

export interface GroupDefinition {
  readonly description?: string;
  readonly members?: readonly string[];
  /** An object is a member when any one rule matches it. */
  readonly dynamic?: readonly GroupRule[];
  /** Members of these groups are members of this one (no cycles). */
  readonly includeGroups?: readonly string[];
  /** Default: worst-of, members in maintenance and unknown members left out. */
  readonly healthRollup?: HealthRollupPolicy;
}

const MEMBER_POLICIES: readonly MemberPolicy[] = ['ignore', 'count-as-healthy', 'count-as-warning', 'count-as-critical', 'make-unknown'];

/** Reads a stored definition (API- or pack-made) without trusting its shape. */
export function parseGroupDefinition(raw: Readonly<Record<string, unknown>>): GroupDefinition {
  const list = <T>(value: unknown): T[] | undefined => (Array.isArray(value) ? (value as T[]) : undefined);
  const members = list<string>(raw.members);
  const dynamic = list<GroupRule>(raw.dynamic);
  const includeGroups = list<string>(raw.includeGroups);
  return {
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
    ...(members ? { members } : {}),
    ...(dynamic ? { dynamic } : {}),
    ...(includeGroups ? { includeGroups } : {}),
    ...(raw.healthRollup && typeof raw.healthRollup === 'object' ? { healthRollup: raw.healthRollup as HealthRollupPolicy } : {}),
  };
}

/** Problems with a definition's own fields as sentences; empty when valid. Group references are checked by the service. */
export function validateGroupDefinition(definition: GroupDefinition): string[] {
  const errors: string[] = [];
  for (const member of definition.members ?? []) if (!isUuid(member)) errors.push(`static member ${JSON.stringify(member)} is not an object id (UUID)`);
  (definition.dynamic ?? []).forEach((rule, i) => {
    if (typeof rule.class !== 'string' || rule.class.length === 0) errors.push(`dynamic rule ${i + 1} needs a class`);
    (rule.where ?? []).forEach((condition, j) => errors.push(...validateCondition(condition).map((e) => `dynamic rule ${i + 1}, condition ${j + 1}: ${e}`)));
  });
  if (definition.healthRollup) {
    errors.push(...validateHealthRollupPolicy(definition.healthRollup).map((e) => `healthRollup: ${e}`));
    for (const key of ['maintenance', 'unknown'] as const) {
      if (!MEMBER_POLICIES.includes(definition.healthRollup[key])) errors.push(`healthRollup.${key} must be one of ${MEMBER_POLICIES.join(', ')}`);
    }
  }
  return errors;
}

function validateCondition(condition: GroupCondition): string[] {
  if (typeof condition.property !== 'string' || condition.property.length === 0) return ['property must not be empty'];
  if (!GROUP_CONDITION_OPERATORS.includes(condition.operator)) return [`operator "${String(condition.operator)}" is not one of ${GROUP_CONDITION_OPERATORS.join(', ')}`];
  const { operator, value } = condition;
  if (operator === 'exists') return value === undefined ? [] : ['exists takes no value'];
  if (value === undefined) return [`${operator} needs a value`];
  if (operator === 'matches' || operator === 'not-matches') {
    if (typeof value !== 'string') return [`${operator} needs a regular expression as text`];
    try {
      new RegExp(value);
    } catch (error) {
      return [`${JSON.stringify(value)} is not a valid regular expression (${(error as Error).message})`];
    }
  }
  if ((operator === 'greater-than' || operator === 'less-than') && !Number.isFinite(Number(value))) return [`${operator} needs a number, got ${JSON.stringify(value)}`];
  return [];
}
