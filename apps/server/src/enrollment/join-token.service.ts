// One-time join tokens at enrollment (agents and gateways alike): a token is used at most once,
// before it expires; only its hash is stored.
import { parseJoinToken, joinTokenHash } from '@vigil/pki';
import type { Database } from '@vigil/store';
import type { EnrollResult } from '@vigil/protocol';

/** Marks a valid token used by `usedBy`; false for an unknown, expired, used or malformed token. */
export async function consumeJoinToken(db: Database, text: string, usedBy: string, nowMs: number): Promise<boolean> {
  let hash: string;
  try {
    hash = joinTokenHash(parseJoinToken(text));
  } catch {
    return false;
  }
  const result = await db
    .updateTable('join_token')
    .set({ used_at: nowMs, used_by: usedBy })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowMs)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function rejectedEnrollment(message: string): EnrollResult {
  return { kind: 'enroll-result', status: 'rejected', message };
}
