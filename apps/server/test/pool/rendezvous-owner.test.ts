import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rendezvousOwner } from '../../src/pool/rendezvous-owner.ts';

const KEYS = Array.from({ length: 3000 }, (_, i) => `probe:object-${i}`);
const MEMBERS = ['ms-a', 'ms-b', 'ms-c', 'ms-d'];

function owners(members: readonly string[]): Map<string, string | undefined> {
  return new Map(KEYS.map((k) => [k, rendezvousOwner(k, members)]));
}

test('rendezvous spreads keys evenly over members (each within 15 % of a fair share)', () => {
  const counts = new Map<string, number>();
  for (const owner of owners(MEMBERS).values()) counts.set(owner!, (counts.get(owner!) ?? 0) + 1);
  const fair = KEYS.length / MEMBERS.length;
  for (const m of MEMBERS) assert.ok(Math.abs((counts.get(m) ?? 0) - fair) < fair * 0.15, `${m} owns ${counts.get(m)}`);
});

test('a member leaving moves only its own keys; a member joining takes only keys it wins', () => {
  const before = owners(MEMBERS);
  const afterLeave = owners(MEMBERS.filter((m) => m !== 'ms-b'));
  for (const [key, owner] of before) {
    if (owner !== 'ms-b') assert.equal(afterLeave.get(key), owner);
    else assert.notEqual(afterLeave.get(key), 'ms-b');
  }
  const afterJoin = owners([...MEMBERS, 'ms-e']);
  let moved = 0;
  for (const [key, owner] of before) {
    if (afterJoin.get(key) !== owner) {
      assert.equal(afterJoin.get(key), 'ms-e');
      moved++;
    }
  }
  assert.ok(Math.abs(moved - KEYS.length / 5) < KEYS.length * 0.05, `${moved} keys moved to the new member`);
});

test('owner does not depend on member order; no members, no owner', () => {
  assert.equal(rendezvousOwner('k', ['a', 'b', 'c']), rendezvousOwner('k', ['c', 'a', 'b']));
  assert.equal(rendezvousOwner('k', []), undefined);
});
