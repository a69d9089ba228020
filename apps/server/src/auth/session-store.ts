// Sign-in sessions in the api_session table. A console session lives in cookies and expires
// after `idleMs` without use (at most `absoluteMs` after sign-in); a CLI session is a bearer
// secret kept in the user's credentials file and lives longer. Only hashes are stored.
import { newUuid, type UserId } from '@vigil/core';
import type { Database } from '@vigil/store';
import { newSecret, secretHash } from './secret-token.ts';

export type SessionMode = 'cookie' | 'token';

export interface SessionLifetime {
  readonly idleMs: number;
  readonly absoluteMs: number;
}

const HOUR_MS = 3_600_000;
export const SESSION_LIFETIMES: Readonly<Record<SessionMode, SessionLifetime>> = {
  cookie: { idleMs: 2 * HOUR_MS, absoluteMs: 12 * HOUR_MS },
  token: { idleMs: 7 * 24 * HOUR_MS, absoluteMs: 30 * 24 * HOUR_MS },
};
/** last_seen/expiry are written at most this often per session, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface NewSession {
  readonly id: string;
  readonly secret: string;
  readonly csrfToken: string;
  readonly expiresAtMs: number;
}

export interface SessionRow {
  readonly id: string;
  readonly userId: UserId;
  readonly csrfHash: string;
  readonly expiresAtMs: number;
}

export async function createSession(
  db: Database,
  input: { userId: UserId; mode: SessionMode; nowMs: number; sourceAddress: string | null; userAgent: string | null },
): Promise<NewSession> {
  const lifetime = SESSION_LIFETIMES[input.mode];
  const session = { id: newUuid(input.nowMs), secret: newSecret('session'), csrfToken: newSecret('csrf'), expiresAtMs: input.nowMs + lifetime.idleMs };
  await db
    .insertInto('api_session')
    .values({
      id: session.id,
      token_hash: secretHash(session.secret),
      csrf_hash: secretHash(session.csrfToken),
      user_id: input.userId,
      created_at: input.nowMs,
      last_seen_at: input.nowMs,
      expires_at: session.expiresAtMs,
      absolute_expires_at: input.nowMs + lifetime.absoluteMs,
      source_address: input.sourceAddress,
      user_agent: input.userAgent?.slice(0, 256) ?? null,
    })
    .execute();
  return session;
}

/** The live session for `secret`, its idle expiry pushed forward; undefined if unknown or expired. */
export async function resumeSession(db: Database, secret: string, mode: SessionMode, nowMs: number): Promise<SessionRow | undefined> {
  const row = await db.selectFrom('api_session').selectAll().where('token_hash', '=', secretHash(secret)).executeTakeFirst();
  if (!row || row.expires_at <= nowMs) return undefined;
  if (nowMs - row.last_seen_at >= TOUCH_INTERVAL_MS) {
    const expiresAt = Math.min(nowMs + SESSION_LIFETIMES[mode].idleMs, row.absolute_expires_at);
    await db.updateTable('api_session').set({ last_seen_at: nowMs, expires_at: expiresAt }).where('id', '=', row.id).execute();
    return { id: row.id, userId: row.user_id as UserId, csrfHash: row.csrf_hash, expiresAtMs: expiresAt };
  }
  return { id: row.id, userId: row.user_id as UserId, csrfHash: row.csrf_hash, expiresAtMs: row.expires_at };
}

/** Gives the session a fresh CSRF token (the console asks after a reload); returns it. */
export async function rotateCsrfToken(db: Database, sessionId: string): Promise<string> {
  const csrfToken = newSecret('csrf');
  await db.updateTable('api_session').set({ csrf_hash: secretHash(csrfToken) }).where('id', '=', sessionId).execute();
  return csrfToken;
}

export async function endSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('api_session').where('id', '=', sessionId).execute();
}

/** Signs a user out everywhere (disabled user, changed password), except `keepSessionId`. */
export async function endSessionsOfUser(db: Database, userId: UserId, keepSessionId?: string): Promise<void> {
  let query = db.deleteFrom('api_session').where('user_id', '=', userId);
  if (keepSessionId !== undefined) query = query.where('id', '!=', keepSessionId);
  await query.execute();
}

/** Removes expired sessions; returns how many. */
export async function purgeExpiredSessions(db: Database, nowMs: number): Promise<number> {
  const result = await db.deleteFrom('api_session').where('expires_at', '<=', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
