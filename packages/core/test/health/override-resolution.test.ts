import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveParameter, type Override, type OverrideSubject, type OverrideTarget } from '@vigil/core';

const subject: OverrideSubject = {
  objectId: 'web01',
  // own class first: an IIS server is a Windows computer is a computer
  classChain: ['iis-server', 'windows-computer', 'computer'],
  groupIds: ['web-farm', 'critical-servers'],
};

let seq = 0;
const o = (target: OverrideTarget, value: unknown, enforced = false, parameter = 'critical'): Override => ({
  id: `o${++seq}`,
  workflowId: 'cpu-monitor',
  parameter,
  value,
  target,
  enforced,
});
const cls = (classId: string): OverrideTarget => ({ kind: 'class', classId });
const grp = (groupId: string): OverrideTarget => ({ kind: 'group', groupId });
const inst = (objectId: string): OverrideTarget => ({ kind: 'instance', objectId });

const cases: { name: string; overrides: Override[]; kind: 'default' | 'overridden' | 'conflict'; value?: unknown; conflicts?: number }[] = [
  { name: 'no overrides: default', overrides: [], kind: 'default', value: 80 },
  { name: 'not applicable overrides are ignored', overrides: [o(cls('linux-computer'), 1), o(grp('other'), 2), o(inst('web02'), 3), o(inst('web01'), 4, false, 'warning')], kind: 'default', value: 80 },
  { name: 'base class applies', overrides: [o(cls('computer'), 85)], kind: 'overridden', value: 85 },
  { name: 'more specific class beats base class', overrides: [o(cls('computer'), 85), o(cls('iis-server'), 95), o(cls('windows-computer'), 90)], kind: 'overridden', value: 95 },
  { name: 'group beats class', overrides: [o(cls('iis-server'), 95), o(grp('web-farm'), 70)], kind: 'overridden', value: 70 },
  { name: 'instance beats group', overrides: [o(grp('web-farm'), 70), o(inst('web01'), 99)], kind: 'overridden', value: 99 },
  { name: 'enforced class beats instance', overrides: [o(cls('computer'), 60, true), o(inst('web01'), 99)], kind: 'overridden', value: 60 },
  { name: 'enforced instance beats enforced group', overrides: [o(grp('web-farm'), 70, true), o(inst('web01'), 99, true)], kind: 'overridden', value: 99 },
  { name: 'two groups disagree: conflict', overrides: [o(grp('web-farm'), 70), o(grp('critical-servers'), 75)], kind: 'conflict', conflicts: 1 },
  { name: 'two enforced groups disagree: conflict', overrides: [o(grp('web-farm'), 70, true), o(grp('critical-servers'), 75, true), o(inst('web01'), 1)], kind: 'conflict', conflicts: 1 },
  { name: 'two groups agree: no conflict', overrides: [o(grp('web-farm'), 70), o(grp('critical-servers'), 70)], kind: 'overridden', value: 70 },
  { name: 'same class twice with different values: conflict', overrides: [o(cls('computer'), 85), o(cls('computer'), 86)], kind: 'conflict', conflicts: 1 },
  { name: 'group conflict shadowed by instance: winner plus reported conflict', overrides: [o(grp('web-farm'), 70), o(grp('critical-servers'), 75), o(inst('web01'), 99)], kind: 'overridden', value: 99, conflicts: 1 },
  { name: 'enforced group beats conflicting non-enforced groups', overrides: [o(grp('web-farm'), 70), o(grp('critical-servers'), 75), o(grp('web-farm'), 50, true)], kind: 'overridden', value: 50, conflicts: 1 },
];

for (const c of cases) {
  test(`override precedence: ${c.name}`, () => {
    const result = effectiveParameter({ overrides: c.overrides, workflowId: 'cpu-monitor', parameter: 'critical', subject, defaultValue: 80 });
    assert.equal(result.kind, c.kind, result.explanation);
    if (result.kind !== 'conflict') assert.deepEqual(result.value, c.value);
    assert.equal(result.conflicts.length, c.conflicts ?? 0);
  });
}

test('the explanation answers "why is the threshold 90 here?"', () => {
  const overrides = [
    { ...o(cls('computer'), 85), packId: 'base-overrides' },
    { ...o(cls('windows-computer'), 90), packId: 'windows-overrides' },
  ];
  const result = effectiveParameter({ overrides, workflowId: 'cpu-monitor', parameter: 'critical', subject, defaultValue: 80 });
  assert.equal(result.kind, 'overridden');
  assert.equal(result.kind === 'overridden' && result.winner.id, overrides[1]!.id);
  assert.match(result.explanation, /^90 from override o\d+ \(class windows-computer in windows-overrides\); beats o\d+$/);
  assert.deepEqual(result.candidates.map((c) => c.override.value), [90, 85]);
});

test('a conflict lists every disagreeing override and chooses no value', () => {
  const a = o(grp('web-farm'), 70);
  const b = o(grp('critical-servers'), 75);
  const result = effectiveParameter({ overrides: [a, b], workflowId: 'cpu-monitor', parameter: 'critical', subject, defaultValue: 80 });
  assert.equal(result.kind, 'conflict');
  assert.ok(!('value' in result));
  assert.deepEqual(new Set(result.conflicts[0]!.overrides), new Set([a, b]));
  assert.match(result.explanation, /conflicting overrides of equal precedence/);
  assert.equal(result.kind === 'conflict' && result.defaultValue, 80);
});

test('structured values compare by content', () => {
  const result = effectiveParameter({
    overrides: [o(grp('web-farm'), { a: [1, 2] }), o(grp('critical-servers'), { a: [1, 2] })],
    workflowId: 'cpu-monitor',
    parameter: 'critical',
    subject,
    defaultValue: null,
  });
  assert.equal(result.kind, 'overridden');
});
