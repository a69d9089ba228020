import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_ROLLUP_POLICY,
  evaluateHealthTree,
  rollup,
  rollupDependency,
  standardHealthTree,
  validateHealthRollupPolicy,
  type HealthRollupPolicy,
  type HealthState,
  type RollupMember,
} from '@vigil/core';

const m = (id: string, state: HealthState, inMaintenance = false): RollupMember => ({ id, state, inMaintenance });
const policy = (overrides: Partial<HealthRollupPolicy>): HealthRollupPolicy => ({ ...DEFAULT_ROLLUP_POLICY, ...overrides });

const cases: { name: string; policy: HealthRollupPolicy; members: RollupMember[]; state: HealthState; contributing: string[] }[] = [
  { name: 'worst-of picks critical', policy: policy({}), members: [m('a', 'healthy'), m('b', 'critical'), m('c', 'warning')], state: 'critical', contributing: ['b'] },
  { name: 'worst-of all healthy', policy: policy({}), members: [m('a', 'healthy'), m('b', 'healthy')], state: 'healthy', contributing: ['a', 'b'] },
  { name: 'best-of picks healthy', policy: policy({ algorithm: { kind: 'best-of' } }), members: [m('a', 'critical'), m('b', 'warning')], state: 'warning', contributing: ['b'] },
  { name: 'empty is unknown', policy: policy({}), members: [], state: 'unknown', contributing: [] },
  { name: 'maintenance ignored by default', policy: policy({}), members: [m('a', 'critical', true), m('b', 'healthy')], state: 'healthy', contributing: ['b'] },
  { name: 'maintenance counted as critical', policy: policy({ maintenance: 'count-as-critical' }), members: [m('a', 'healthy', true), m('b', 'healthy')], state: 'critical', contributing: ['a'] },
  { name: 'maintenance counted as healthy', policy: policy({ maintenance: 'count-as-healthy', algorithm: { kind: 'best-of' } }), members: [m('a', 'critical', true), m('b', 'critical')], state: 'healthy', contributing: ['a'] },
  { name: 'unknown ignored by default', policy: policy({}), members: [m('a', 'unknown'), m('b', 'warning')], state: 'warning', contributing: ['b'] },
  { name: 'unknown counted as worst', policy: policy({ unknown: 'count-as-critical' }), members: [m('a', 'unknown'), m('b', 'warning')], state: 'critical', contributing: ['a'] },
  { name: 'unknown makes rollup unknown', policy: policy({ unknown: 'make-unknown' }), members: [m('a', 'unknown'), m('b', 'critical')], state: 'unknown', contributing: ['a'] },
  { name: 'only unknown members, ignored', policy: policy({}), members: [m('a', 'unknown')], state: 'unknown', contributing: [] },
  {
    name: 'percentage: 2 of 4 healthy (50%) < 60% -> critical',
    policy: policy({ algorithm: { kind: 'percentage', criticalBelowPercent: 60 } }),
    members: [m('a', 'healthy'), m('b', 'healthy'), m('c', 'critical'), m('d', 'warning')],
    state: 'critical',
    contributing: ['c', 'd'],
  },
  {
    name: 'percentage: 75% healthy between bounds -> warning',
    policy: policy({ algorithm: { kind: 'percentage', warningBelowPercent: 80, criticalBelowPercent: 50 } }),
    members: [m('a', 'healthy'), m('b', 'healthy'), m('c', 'healthy'), m('d', 'critical')],
    state: 'warning',
    contributing: ['d'],
  },
  {
    name: 'percentage: exactly at bound is healthy',
    policy: policy({ algorithm: { kind: 'percentage', criticalBelowPercent: 50 } }),
    members: [m('a', 'healthy'), m('b', 'critical')],
    state: 'healthy',
    contributing: ['a'],
  },
  {
    name: 'percentage: maintenance member ignored changes the share',
    policy: policy({ algorithm: { kind: 'percentage', criticalBelowPercent: 100 } }),
    members: [m('a', 'healthy'), m('b', 'critical', true)],
    state: 'healthy',
    contributing: ['a'],
  },
  {
    name: 'SCOM worst of best 50%: 2 of 4 best are healthy',
    policy: policy({ algorithm: { kind: 'worst-of-best-percent', percent: 50 } }),
    members: [m('a', 'critical'), m('b', 'healthy'), m('c', 'warning'), m('d', 'healthy')],
    state: 'healthy',
    contributing: ['b', 'd'],
  },
  {
    name: 'SCOM worst of best 75%: third best is warning',
    policy: policy({ algorithm: { kind: 'worst-of-best-percent', percent: 75 } }),
    members: [m('a', 'critical'), m('b', 'healthy'), m('c', 'warning'), m('d', 'healthy')],
    state: 'warning',
    contributing: ['c'],
  },
];

for (const c of cases) {
  test(`rollup: ${c.name}`, () => {
    const result = rollup(c.policy, c.members);
    assert.equal(result.state, c.state);
    assert.deepEqual(result.contributing, c.contributing);
  });
}

test('rollup reports ignored members and the healthy share', () => {
  const result = rollup(policy({ algorithm: { kind: 'percentage', criticalBelowPercent: 50 } }), [m('a', 'healthy'), m('b', 'unknown'), m('c', 'critical', true), m('d', 'critical')]);
  assert.deepEqual(result.ignored, ['b', 'c']);
  assert.equal(result.countedMembers, 2);
  assert.equal(result.healthyPercent, 50);
});

test('rollup policy validation names the problem', () => {
  assert.deepEqual(validateHealthRollupPolicy(DEFAULT_ROLLUP_POLICY), []);
  assert.match(validateHealthRollupPolicy(policy({ algorithm: { kind: 'percentage' } }))[0]!, /needs warningBelowPercent or criticalBelowPercent/);
  assert.match(validateHealthRollupPolicy(policy({ algorithm: { kind: 'percentage', warningBelowPercent: 40, criticalBelowPercent: 60 } }))[0]!, /must not exceed/);
  assert.match(validateHealthRollupPolicy(policy({ algorithm: { kind: 'percentage', criticalBelowPercent: 120 } }))[0]!, /0 to 100/);
  assert.match(validateHealthRollupPolicy(policy({ algorithm: { kind: 'worst-of-best-percent', percent: 0 } }))[0]!, /above 0/);
});

test('entity health rolls the four standard aggregates up; empty categories do not drag it to unknown', () => {
  const tree = standardHealthTree([
    { category: 'availability', node: { kind: 'unit', id: 'ping', state: 'healthy' } },
    { category: 'performance', node: { kind: 'unit', id: 'cpu', state: 'warning' } },
    { category: 'performance', node: { kind: 'unit', id: 'disk', state: 'healthy' } },
  ]);
  const result = evaluateHealthTree(tree);
  assert.equal(result.state, 'warning');
  assert.deepEqual(result.contributing, ['performance']);
  assert.deepEqual(
    result.children.map((c) => [c.id, c.state]),
    [['availability', 'healthy'], ['configuration', 'unknown'], ['performance', 'warning'], ['security', 'unknown']],
  );
  assert.deepEqual(result.children[2]!.contributing, ['cpu']);
});

test('a dependency monitor rolls up only members of its relationship', () => {
  const members = [
    { id: 'db1', relationshipId: 'app-uses-db', state: 'critical' as const },
    { id: 'db2', relationshipId: 'app-uses-db', state: 'healthy' as const },
    { id: 'disk', relationshipId: 'computer-hosts-disk', state: 'critical' as const },
  ];
  const best = policy({ algorithm: { kind: 'best-of' } });
  assert.equal(rollupDependency(best, 'app-uses-db', members).state, 'healthy');
  const tree = standardHealthTree([
    { category: 'availability', node: { kind: 'dependency', id: 'db-dependency', relationshipId: 'app-uses-db', policy: DEFAULT_ROLLUP_POLICY, members } },
  ]);
  const result = evaluateHealthTree(tree);
  assert.equal(result.state, 'critical');
  assert.deepEqual(result.children[0]!.children[0]!.contributing, ['db1']);
});
