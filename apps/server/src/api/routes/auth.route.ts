// Sign-in, sign-out, who am I, and the console's CSRF token.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError } from '@vigil/core';
import { CsrfResultSchema, LoginRequestSchema, LoginResultSchema, OkSchema, WhoAmISchema, type WhoAmI } from '@vigil/protocol';
import { appendAudit, findUserByName } from '@vigil/store';
import type { Caller } from '../../auth/caller.ts';
import { loadCaller } from '../../auth/authenticator.ts';
import { hashPassword, needsRehash, verifyPassword } from '../../auth/password-hash.ts';
import { createSession, endSession, rotateCsrfToken } from '../../auth/session-store.ts';
import { callerOf } from '../access-control.ts';
import { auditEntry } from '../audit-trail.ts';
import { clearSessionCookies, setCsrfCookie, setSessionCookies } from '../session-cookies.ts';
import type { RouteDeps } from './route-deps.ts';

export function whoAmI(caller: Caller): WhoAmI {
  return {
    id: caller.userId,
    name: caller.userName,
    displayName: caller.displayName,
    roles: caller.roles.map((r) => ({ name: r.name, profile: r.profile, scope: { groups: [...(r.scope.groups ?? [])], classes: [...(r.scope.classes ?? [])] } })),
    permissions: [...caller.permissions].sort(),
    via: caller.credential.kind === 'api-token' ? 'api-token' : 'session',
  };
}

export function authRoutes({ context, loginLimiter }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  return async (app) => {
    app.post('/auth/login', {
      schema: { tags: ['auth'], summary: 'Sign in with a user name and password', body: LoginRequestSchema, response: { 200: LoginResultSchema } },
      config: { access: { public: true }, audit: { action: 'auth.login', targetKind: 'user' } },
    }, async (request, reply) => {
      const { user: userName, password, mode = 'cookie' } = request.body;
      const gate = loginLimiter.check(userName, request.ip);
      if (!gate.allowed) throw new VigilError('RATE_LIMITED', { retryAfterSeconds: gate.retryAfterSeconds });
      const user = await findUserByName(db, userName);
      const matches = await verifyPassword(password, user?.passwordHash ?? null);
      const caller = user && matches ? await loadCaller(db, user.id, { kind: 'bearer-session', sessionId: '' }) : undefined;
      if (!user || !caller) {
        loginLimiter.recordFailure(userName, request.ip);
        await appendAudit(db, auditEntry(request, clock, { action: 'auth.login-failed', targetKind: 'user', targetId: null, detail: { user: userName }, userName }));
        throw new VigilError('LOGIN_FAILED');
      }
      loginLimiter.recordSuccess(userName, request.ip);
      if (needsRehash(user.passwordHash!)) {
        await db.updateTable('app_user').set({ password_hash: await hashPassword(password) }).where('id', '=', user.id).execute();
      }
      const session = await createSession(db, { userId: user.id, mode, nowMs: clock.nowMs(), sourceAddress: request.ip, userAgent: request.headers['user-agent'] ?? null });
      request.caller = { ...caller, credential: mode === 'cookie' ? { kind: 'cookie-session', sessionId: session.id, csrfHash: '' } : { kind: 'bearer-session', sessionId: session.id } };
      request.auditNote = { targetId: user.id, detail: { mode } };
      if (mode === 'token') return { user: whoAmI(request.caller), expiresAtMs: session.expiresAtMs, token: session.secret };
      setSessionCookies(reply, session);
      return { user: whoAmI(request.caller), expiresAtMs: session.expiresAtMs, csrfToken: session.csrfToken };
    });

    app.post('/auth/logout', {
      schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 200: OkSchema } },
      config: { access: { signedIn: true }, audit: { action: 'auth.logout', targetKind: 'user' } },
    }, async (request, reply) => {
      const caller = callerOf(request);
      if (caller.credential.kind !== 'api-token') await endSession(db, caller.credential.sessionId);
      clearSessionCookies(reply);
      request.auditNote = { targetId: caller.userId };
      return { ok: true as const };
    });

    app.get('/auth/whoami', {
      schema: { tags: ['auth'], summary: 'The signed-in user, their roles and permissions', response: { 200: WhoAmISchema } },
      config: { access: { signedIn: true } },
    }, async (request) => whoAmI(callerOf(request)));

    app.get('/auth/csrf', {
      schema: { tags: ['auth'], summary: 'A fresh CSRF token for this console session (also set as the __Host-vigil-csrf cookie)', response: { 200: CsrfResultSchema } },
      config: { access: { signedIn: true } },
    }, async (request, reply) => {
      const caller = callerOf(request);
      if (caller.credential.kind !== 'cookie-session') {
        throw new VigilError('CONFLICT', { what: 'CSRF tokens belong to console (cookie) sessions; bearer tokens need none.' });
      }
      const csrfToken = await rotateCsrfToken(db, caller.credential.sessionId);
      setCsrfCookie(reply, csrfToken);
      return { csrfToken };
    });
  };
}
