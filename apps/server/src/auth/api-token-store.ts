// API tokens for scripts: a bearer secret bound to a user (acting with that user's roles at
// each request), with an optional expiry. Only the hash is stored.
import { newUuid, type UserId } from '@vigil/core';
import type { Database } from '@vigil/store';
import { newSecret, secretHash } from './secret-token.ts';

/** last_used_at is written at most this often per token. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createApiToken(
  db: Database,
  input: { userId: UserId; name: string; nowMs: number; expiresAtMs: number | null },
): Promise<{ id: string; secret: string }> {
  const token = { id: newUuid(input.nowMs), secret: newSecret('api-token') };
  await db
    .insertInto('api_token')
    .values({
      id: token.id,
      user_id: input.userId,
      name: input.name,
      token_hash: secretHash(token.secret),
      created_at: input.nowMs,
      expires_at: input.expiresAtMs,
      last_used_at: null,
    })
    .execute();
  return token;
}

/** The token's id and user when `secret` is a live token; records the use. */
export async function useApiToken(db: Database, secret: string, nowMs: number): Promise<{ id: string; userId: UserId } | undefined> {
  const row = await db.selectFrom('api_token').select(['id', 'user_id', 'expires_at', 'last_used_at']).where('token_hash', '=', secretHash(secret)).executeTakeFirst();
  if (!row || (row.expires_at !== null && row.expires_at <= nowMs)) return undefined;
  if (row.last_used_at === null || nowMs - row.last_used_at >= TOUCH_INTERVAL_MS) {
    await db.updateTable('api_token').set({ last_used_at: nowMs }).where('id', '=', row.id).execute();
  }
  return { id: row.id, userId: row.user_id as UserId };
}
