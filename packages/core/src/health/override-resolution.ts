// Overrides: which value a monitor parameter has on one object, and why. Precedence, strongest
// first: enforced over non-enforced; then instance > group > class; within class targets, the
// more specific class (nearer the object's own class) beats its base classes. Two applicable
// overrides with the same rank and different values are a CONFLICT: reported, never resolved by
// load order or id (SCOM's "unpredictable" case). Same-rank overrides that agree are fine.
import { isDeepStrictEqual } from 'node:util';

export type OverrideTarget =
  | { readonly kind: 'class'; readonly classId: string }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'instance'; readonly objectId: string };

export interface Override {
  readonly id: string;
  /** The monitor (or rule) the override changes. */
  readonly workflowId: string;
  readonly parameter: string;
  readonly value: unknown;
  readonly target: OverrideTarget;
  readonly enforced: boolean;
  /** The management pack holding it, for explanations. */
  readonly packId?: string;
}

/** What we know about the object: its class chain (own class first) and its groups. */
export interface OverrideSubject {
  readonly objectId: string;
  readonly classChain: readonly string[];
  readonly groupIds: readonly string[];
}

export interface OverrideCandidate {
  readonly override: Override;
  /** Higher wins. Comparable across candidates of one resolution only. */
  readonly rank: number;
  readonly why: string;
}

/** Applicable overrides of equal rank that disagree. */
export interface OverrideConflict {
  readonly rank: number;
  readonly overrides: readonly Override[];
}

interface ResolutionBase {
  readonly workflowId: string;
  readonly parameter: string;
  /** Every applicable override, strongest first. */
  readonly candidates: readonly OverrideCandidate[];
  /** Every same-rank disagreement, including ones shadowed by a stronger override. */
  readonly conflicts: readonly OverrideConflict[];
  readonly explanation: string;
}

export type EffectiveParameter =
  | (ResolutionBase & { readonly kind: 'default'; readonly value: unknown })
  | (ResolutionBase & { readonly kind: 'overridden'; readonly value: unknown; readonly winner: Override })
  /** The strongest rank disagrees: no value is chosen; the caller decides (e.g. keep the default and raise a configuration alert). */
  | (ResolutionBase & { readonly kind: 'conflict'; readonly defaultValue: unknown });

export interface EffectiveParameterQuery {
  readonly overrides: readonly Override[];
  readonly workflowId: string;
  readonly parameter: string;
  readonly subject: OverrideSubject;
  readonly defaultValue: unknown;
}

const LEVEL_WEIGHT = { class: 0, group: 1, instance: 2 } as const;

/**
 * Answers "why is this monitor's threshold 90 on this object?". Pure; never throws.
 * Overrides that do not apply to the subject (other workflow, parameter, class, group or
 * object) are not candidates.
 */
export function effectiveParameter(query: EffectiveParameterQuery): EffectiveParameter {
  const { workflowId, parameter, defaultValue } = query;
  const candidates = query.overrides
    .filter((o) => o.workflowId === workflowId && o.parameter === parameter)
    .flatMap((o) => candidateFor(o, query.subject))
    .sort((a, b) => b.rank - a.rank || a.override.id.localeCompare(b.override.id));
  const conflicts = findConflicts(candidates);
  const base = { workflowId, parameter, candidates, conflicts };
  const top = candidates[0];
  if (!top) {
    return { ...base, kind: 'default', value: defaultValue, explanation: `no override applies; default ${show(defaultValue)}` };
  }
  const topConflict = conflicts.find((c) => c.rank === top.rank);
  if (topConflict) {
    const listed = topConflict.overrides.map((o) => `${o.id}=${show(o.value)}`).join(', ');
    return { ...base, kind: 'conflict', defaultValue, explanation: `conflicting overrides of equal precedence: ${listed}` };
  }
  const beaten = candidates.slice(1).filter((c) => c.rank < top.rank);
  const over = beaten.length > 0 ? `; beats ${beaten.map((c) => c.override.id).join(', ')}` : '';
  return {
    ...base,
    kind: 'overridden',
    value: top.override.value,
    winner: top.override,
    explanation: `${show(top.override.value)} from override ${top.override.id} (${top.why})${over}`,
  };
}

function candidateFor(override: Override, subject: OverrideSubject): OverrideCandidate[] {
  const { target } = override;
  const enforced = override.enforced ? ', enforced' : '';
  const from = override.packId ? ` in ${override.packId}` : '';
  // rank = enforced (1000s) + level (100s) + class specificity (units; deeper class chains than 99 do not exist)
  const rank = (level: number, specificity: number): number => (override.enforced ? 1000 : 0) + level * 100 + specificity;
  switch (target.kind) {
    case 'instance':
      return target.objectId === subject.objectId
        ? [{ override, rank: rank(LEVEL_WEIGHT.instance, 0), why: `instance ${target.objectId}${enforced}${from}` }]
        : [];
    case 'group':
      return subject.groupIds.includes(target.groupId)
        ? [{ override, rank: rank(LEVEL_WEIGHT.group, 0), why: `group ${target.groupId}${enforced}${from}` }]
        : [];
    case 'class': {
      const depth = subject.classChain.indexOf(target.classId);
      if (depth === -1) return [];
      const specificity = Math.max(0, 99 - depth);
      return [{ override, rank: rank(LEVEL_WEIGHT.class, specificity), why: `class ${target.classId}${enforced}${from}` }];
    }
  }
}

function findConflicts(candidates: readonly OverrideCandidate[]): OverrideConflict[] {
  const byRank = new Map<number, Override[]>();
  for (const c of candidates) byRank.set(c.rank, [...(byRank.get(c.rank) ?? []), c.override]);
  const conflicts: OverrideConflict[] = [];
  for (const [rank, overrides] of byRank) {
    const first = overrides[0]!;
    if (overrides.some((o) => !isDeepStrictEqual(o.value, first.value))) conflicts.push({ rank, overrides });
  }
  return conflicts;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
