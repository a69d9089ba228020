// Turns a request's credentials into a Caller: `Authorization: Bearer vgt_…` (API token) or
// `Bearer vgs_…` (CLI session), else the console's session cookie. A credential that is present
// but not valid is an error (never a silent fall-back to another one); none at all is anonymous.
import { VigilError, type Clock, type UserId } from '@vigil/core';
import { rolesOfUser, type Database } from '@vigil/store';
import type { Caller, Credential } from './caller.ts';
import { permissionsOf } from './profile-permissions.ts';
import { bearerKind } from './secret-token.ts';
import { resumeSession } from './session-store.ts';
import { useApiToken } from './api-token-store.ts';

export interface PresentedCredentials {
  readonly authorization: string | undefined;
  readonly sessionCookie: string | undefined;
}

/** The caller, or undefined when no credential was presented. Throws UNAUTHENTICATED for a bad one. */
export async function authenticate(db: Database, clock: Clock, presented: PresentedCredentials): Promise<Caller | undefined> {
  const nowMs = clock.nowMs();
  if (presented.authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(presented.authorization.trim());
    const secret = match?.[1];
    const kind = secret ? bearerKind(secret) : undefined;
    if (!secret || !kind) throw new VigilError('UNAUTHENTICATED', { reason: 'the Authorization header must be "Bearer <token>" with a Vigil session or API token' });
    if (kind === 'api-token') {
      const token = await useApiToken(db, secret, nowMs);
      if (!token) throw new VigilError('UNAUTHENTICATED', { reason: 'the API token is unknown, revoked or expired; create a new one with `vigil token create`' });
      return requireCaller(db, token.userId, { kind: 'api-token', tokenId: token.id });
    }
    const session = await resumeSession(db, secret, 'token', nowMs);
    if (!session) throw new VigilError('UNAUTHENTICATED', { reason: 'the session has expired or was signed out; run `vigil login` again' });
    return requireCaller(db, session.userId, { kind: 'bearer-session', sessionId: session.id });
  }
  if (presented.sessionCookie !== undefined) {
    const session = await resumeSession(db, presented.sessionCookie, 'cookie', nowMs);
    if (!session) return undefined;
    return requireCaller(db, session.userId, { kind: 'cookie-session', sessionId: session.id, csrfHash: session.csrfHash });
  }
  return undefined;
}

async function requireCaller(db: Database, userId: UserId, credential: Credential): Promise<Caller> {
  const caller = await loadCaller(db, userId, credential);
  if (!caller) throw new VigilError('UNAUTHENTICATED', { reason: 'this user is disabled or no longer exists' });
  return caller;
}

/** The caller for an enabled user; undefined for a disabled or deleted one. */
export async function loadCaller(db: Database, userId: UserId, credential: Credential): Promise<Caller | undefined> {
  const user = await db.selectFrom('app_user').select(['id', 'name', 'display_name', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled_at !== null) return undefined;
  const roles = await rolesOfUser(db, userId);
  return {
    userId,
    userName: user.name,
    displayName: user.display_name,
    roles,
    permissions: permissionsOf(roles.map((r) => r.profile)),
    credential,
  };
}
