// Who may call what, enforced in one place. Every route declares `config.access` (public, any
// signed-in user, or one permission) and every write declares `config.audit`; a route without
// them makes the API refuse to start. One onRequest hook authenticates the caller, checks the
// CSRF token of cookie sessions on unsafe methods, and checks the declared permission before
// the body is even parsed. The declarations are kept so tests can enumerate them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VigilError, type Clock } from '@vigil/core';
import type { Permission } from '@vigil/protocol';
import type { Database } from '@vigil/store';
import type { Caller } from '../auth/caller.ts';
import { authenticate } from '../auth/authenticator.ts';
import { sameSecret, secretHash } from '../auth/secret-token.ts';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './session-cookies.ts';

export type RouteAccess =
  /** No sign-in: health, the OpenAPI document, sign-in itself. */
  | { readonly public: true }
  /** Any signed-in user whatever their roles: who am I, sign out, one's own API tokens. */
  | { readonly signedIn: true }
  | { readonly permission: Permission };

export interface RouteAudit {
  /** e.g. 'agent.approve'. */
  readonly action: string;
  readonly targetKind: string;
  /** Route parameter naming the target, when there is one. */
  readonly targetParam?: string;
}

/** What a handler adds to its audit entry (the id it created, what it changed). */
export interface AuditNote {
  targetId?: string;
  detail?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    audit?: RouteAudit;
  }
  interface FastifyRequest {
    caller: Caller | null;
    auditNote: AuditNote | null;
  }
}

export interface RouteDeclaration {
  readonly method: string;
  /** Full path with the prefix, e.g. /api/v1/agents/:name/approve. */
  readonly url: string;
  readonly access: RouteAccess;
  readonly audit: RouteAudit | undefined;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const declarationsByApp = new WeakMap<FastifyInstance, RouteDeclaration[]>();

/** Every route registered on `app` with its declaration (HEAD twins of GET routes left out). */
export function routeDeclarations(app: FastifyInstance): readonly RouteDeclaration[] {
  return declarationsByApp.get(app) ?? [];
}

/** The caller of a route that is not public; the access hook guarantees one. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new VigilError('UNAUTHENTICATED', { reason: 'this request carries no session or token' });
  return request.caller;
}

/** Installs the declaration check and the access hook. Call before any route is registered. */
export function installAccessControl(app: FastifyInstance, deps: { db: Database; clock: Clock }): void {
  const declarations: RouteDeclaration[] = [];
  declarationsByApp.set(app, declarations);
  app.decorateRequest('caller', null);
  app.decorateRequest('auditNote', null);

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const access = route.config?.access;
    if (!access) throw new VigilError('API_ROUTE_UNDECLARED', { route: `${methods.join(',')} ${route.url}`, missing: 'config.access (who may call it)' });
    const audit = route.config?.audit;
    if (methods.some((m) => UNSAFE_METHODS.has(m)) && !audit) {
      throw new VigilError('API_ROUTE_UNDECLARED', { route: `${methods.join(',')} ${route.url}`, missing: 'config.audit (how its writes are audited)' });
    }
    for (const method of methods) if (method !== 'HEAD') declarations.push({ method, url: route.url, access, audit });
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    const caller = await authenticate(deps.db, deps.clock, {
      authorization: request.headers.authorization,
      sessionCookie: request.cookies[SESSION_COOKIE],
    });
    if (!caller) throw new VigilError('UNAUTHENTICATED', { reason: 'this request carries no valid session or API token (run `vigil login`, or send Authorization: Bearer <token>)' });
    request.caller = caller;
    if (caller.credential.kind === 'cookie-session' && UNSAFE_METHODS.has(request.method)) checkCsrf(request, caller.credential.csrfHash);
    if ('permission' in access && !caller.permissions.has(access.permission)) {
      throw new VigilError('FORBIDDEN', { action: `${request.method} ${request.routeOptions.url ?? request.url}`, needed: `the ${access.permission} permission` });
    }
  });
}

/**
 * Double-submit check, bound to the session: the X-CSRF-Token header must equal the CSRF cookie
 * (which another site can neither read nor set) and must be the token issued to this session.
 */
function checkCsrf(request: FastifyRequest, sessionCsrfHash: string): void {
  const header = request.headers[CSRF_HEADER];
  const cookie = request.cookies[CSRF_COOKIE];
  if (typeof header !== 'string' || !cookie || !sameSecret(header, cookie) || !sameSecret(secretHash(header), sessionCsrfHash)) {
    throw new VigilError('CSRF_TOKEN_INVALID');
  }
}
