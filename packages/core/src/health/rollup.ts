// The rollup algebra: how a set of member states becomes one state. Used by aggregate monitors
// (children are monitors of one object), dependency monitors (children are related objects) and
// group health. Pure: members in, `{ state, contributing }` out.
import { type HealthState, type KnownHealthState, severityRank } from './health-state.ts';

export type RollupAlgorithm =
  | { readonly kind: 'worst-of' }
  | { readonly kind: 'best-of' }
  /**
   * Healthy when at least `warningBelowPercent`/`criticalBelowPercent` of the counted members
   * are healthy; below a bound the rollup takes that bound's state. Either bound may be omitted.
   */
  | { readonly kind: 'percentage'; readonly warningBelowPercent?: number; readonly criticalBelowPercent?: number }
  /**
   * SCOM's "worst state of the specified percentage of members in good health state": take the
   * healthiest `percent`% of counted members (rounded up, at least one) and report their worst.
   */
  | { readonly kind: 'worst-of-best-percent'; readonly percent: number };

/**
 * What a member in maintenance, or an unknown member (unmonitored, health service
 * unavailable), counts as: left out, a given state (`count-as-critical` is "count as worst"),
 * or `make-unknown`: any such member makes the whole rollup unknown, because the rollup cannot
 * vouch for what it cannot see.
 */
export type MemberPolicy = 'ignore' | 'count-as-healthy' | 'count-as-warning' | 'count-as-critical' | 'make-unknown';

export interface HealthRollupPolicy {
  readonly algorithm: RollupAlgorithm;
  readonly maintenance: MemberPolicy;
  readonly unknown: MemberPolicy;
}

export interface RollupMember {
  readonly id: string;
  readonly state: HealthState;
  readonly inMaintenance?: boolean;
}

export interface RollupResult {
  readonly state: HealthState;
  /** The members that decided the state (for worst-of: every member at the worst state). */
  readonly contributing: readonly string[];
  /** Members left out by the maintenance or unknown policy. */
  readonly ignored: readonly string[];
  /** How many members were judged after the policies; 0 makes the result unknown. */
  readonly countedMembers: number;
  /** Only for the percentage algorithm: healthy share of counted members, 0..100. */
  readonly healthyPercent?: number;
}

/** SCOM's default for aggregates: worst state of any member, maintenance and unknown left out. */
export const DEFAULT_ROLLUP_POLICY: HealthRollupPolicy = {
  algorithm: { kind: 'worst-of' },
  maintenance: 'ignore',
  unknown: 'ignore',
};

interface Counted {
  readonly id: string;
  readonly state: KnownHealthState;
}

/**
 * Rolls member states up under a policy. Never throws. An empty set (after the policies)
 * rolls up to unknown, so "no data" is never mistaken for "healthy".
 */
export function rollup(policy: HealthRollupPolicy, members: readonly RollupMember[]): RollupResult {
  const counted: Counted[] = [];
  const ignored: string[] = [];
  const unknownMembers: string[] = [];
  for (const member of members) {
    const effective = effectiveMemberState(policy, member);
    if (effective === 'ignore') ignored.push(member.id);
    else if (effective === 'unknown') unknownMembers.push(member.id);
    else counted.push({ id: member.id, state: effective });
  }
  if (unknownMembers.length > 0) {
    return { state: 'unknown', contributing: unknownMembers, ignored, countedMembers: counted.length };
  }
  if (counted.length === 0) return { state: 'unknown', contributing: [], ignored, countedMembers: 0 };
  const { algorithm } = policy;
  switch (algorithm.kind) {
    case 'worst-of':
      return extreme(counted, ignored, (a, b) => severityRank(a) > severityRank(b));
    case 'best-of':
      return extreme(counted, ignored, (a, b) => severityRank(a) < severityRank(b));
    case 'percentage':
      return percentage(algorithm, counted, ignored);
    case 'worst-of-best-percent': {
      const take = Math.max(1, Math.ceil((algorithm.percent / 100) * counted.length));
      const best = [...counted].sort((a, b) => severityRank(a.state) - severityRank(b.state)).slice(0, take);
      const result = extreme(best, ignored, (a, b) => severityRank(a) > severityRank(b));
      return { ...result, countedMembers: counted.length };
    }
  }
}

/** The state a member counts as, 'ignore' to leave it out, 'unknown' to make the rollup unknown. */
function effectiveMemberState(policy: HealthRollupPolicy, member: RollupMember): KnownHealthState | 'ignore' | 'unknown' {
  if (member.inMaintenance) return applyMemberPolicy(policy.maintenance);
  return member.state === 'unknown' ? applyMemberPolicy(policy.unknown) : member.state;
}

function applyMemberPolicy(policy: MemberPolicy): KnownHealthState | 'ignore' | 'unknown' {
  switch (policy) {
    case 'ignore':
      return 'ignore';
    case 'count-as-healthy':
      return 'healthy';
    case 'count-as-warning':
      return 'warning';
    case 'count-as-critical':
      return 'critical';
    case 'make-unknown':
      return 'unknown';
  }
}

function extreme(
  counted: readonly Counted[],
  ignored: readonly string[],
  beats: (a: KnownHealthState, b: KnownHealthState) => boolean,
): RollupResult {
  let state = counted[0]!.state;
  for (const member of counted) if (beats(member.state, state)) state = member.state;
  const contributing = counted.filter((m) => m.state === state).map((m) => m.id);
  return { state, contributing, ignored, countedMembers: counted.length };
}

function percentage(
  algorithm: Extract<RollupAlgorithm, { kind: 'percentage' }>,
  counted: readonly Counted[],
  ignored: readonly string[],
): RollupResult {
  const healthy = counted.filter((m) => m.state === 'healthy');
  const healthyPercent = (healthy.length / counted.length) * 100;
  let state: KnownHealthState = 'healthy';
  if (algorithm.criticalBelowPercent !== undefined && healthyPercent < algorithm.criticalBelowPercent) state = 'critical';
  else if (algorithm.warningBelowPercent !== undefined && healthyPercent < algorithm.warningBelowPercent) state = 'warning';
  const contributing = (state === 'healthy' ? healthy : counted.filter((m) => m.state !== 'healthy')).map((m) => m.id);
  return { state, contributing, ignored, countedMembers: counted.length, healthyPercent };
}

/** Problems with a rollup policy, as clear sentences for pack validation; empty when valid. */
export function validateHealthRollupPolicy(policy: HealthRollupPolicy): string[] {
  const errors: string[] = [];
  const { algorithm } = policy;
  if (algorithm.kind === 'worst-of-best-percent' && !(Number.isFinite(algorithm.percent) && algorithm.percent > 0 && algorithm.percent <= 100)) {
    errors.push(`percent must be a number above 0 and at most 100, got ${String(algorithm.percent)}`);
  }
  if (algorithm.kind !== 'percentage') return errors;
  const { warningBelowPercent: warning, criticalBelowPercent: critical } = algorithm;
  if (warning === undefined && critical === undefined) {
    errors.push('percentage rollup needs warningBelowPercent or criticalBelowPercent');
  }
  for (const [name, value] of [['warningBelowPercent', warning], ['criticalBelowPercent', critical]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 100)) {
      errors.push(`${name} must be a number from 0 to 100, got ${String(value)}`);
    }
  }
  if (warning !== undefined && critical !== undefined && critical > warning) {
    errors.push(`criticalBelowPercent (${critical}) must not exceed warningBelowPercent (${warning})`);
  }
  return errors;
}
