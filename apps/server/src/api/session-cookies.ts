// The console's cookies. The session cookie is httpOnly (scripts on the page cannot read it);
// the CSRF cookie is readable by the console's own script, which echoes it in X-CSRF-Token.
// Both are Secure, SameSite=Strict and `__Host-` prefixed (no Domain, Path=/), so neither a
// sub-domain nor another site can set or receive them.
import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = '__Host-vigil-session';
export const CSRF_COOKIE = '__Host-vigil-csrf';
/** Lower-case: Node lower-cases incoming header names. */
export const CSRF_HEADER = 'x-csrf-token';

const BASE = { path: '/', secure: true, sameSite: 'strict' } as const;

export function setSessionCookies(reply: FastifyReply, session: { readonly secret: string; readonly csrfToken: string }): void {
  void reply.setCookie(SESSION_COOKIE, session.secret, { ...BASE, httpOnly: true });
  void reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...BASE, httpOnly: false });
}

export function setCsrfCookie(reply: FastifyReply, csrfToken: string): void {
  void reply.setCookie(CSRF_COOKIE, csrfToken, { ...BASE, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { ...BASE, httpOnly: true });
  void reply.clearCookie(CSRF_COOKIE, { ...BASE, httpOnly: false });
}
