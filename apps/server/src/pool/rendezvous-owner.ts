// Rendezvous (highest-random-weight) hashing: every member scores every key; the highest score
// owns it. Any member computes the same owner from the same member set, and when a member joins
// or leaves only the keys it wins (or won) move; all other keys keep their owner.
import { createHash } from 'node:crypto';

/** A 64-bit score of (member, key); ties, practically impossible, fall to the smaller member id. */
export function rendezvousScore(memberId: string, key: string): bigint {
  return createHash('sha256').update(memberId).update('\u0000').update(key).digest().readBigUInt64BE(0);
}

/** The owner of `key` among `members`, or undefined when there are none. */
export function rendezvousOwner<M extends string>(key: string, members: readonly M[]): M | undefined {
  let best: M | undefined;
  let bestScore = -1n;
  for (const member of members) {
    const score = rendezvousScore(member, key);
    if (score > bestScore || (score === bestScore && best !== undefined && member < best)) {
      best = member;
      bestScore = score;
    }
  }
  return best;
}
