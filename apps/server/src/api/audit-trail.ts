// Every successful write through the SDK API leaves an audit entry: who (user), what (the
// route's declared action and target, plus what the handler noted), when, and from where
// (client address). Written before the response is sent, so a client that sees success can
// already read the entry. Refused writes (4xx) are not entries; failed sign-ins are, written by
// the sign-in route itself.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '@vigil/core';
import { appendAudit, type AuditEntry, type Database } from '@vigil/store';

export function installAuditTrail(app: FastifyInstance, deps: { db: Database; clock: Clock }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const audit = request.routeOptions.config.audit;
    if (!audit || reply.statusCode >= 400) return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const note = request.auditNote ?? {};
    const targetParam = audit.targetParam ? params[audit.targetParam] : undefined;
    try {
      await appendAudit(deps.db, auditEntry(request, deps.clock, {
        action: audit.action,
        targetKind: audit.targetKind,
        targetId: note.targetId ?? (typeof targetParam === 'string' ? targetParam : null),
        detail: { ...note.detail },
      }));
    } catch (error) {
      // The write itself is done; losing its audit entry must be loud, not a failed response.
      request.log.error({ err: error, action: audit.action }, 'could not write the audit entry');
    }
    return payload;
  });
}

/** An audit entry for `request`, attributed to its caller (or to `userName` when there is none). */
export function auditEntry(
  request: FastifyRequest,
  clock: Clock,
  what: { action: string; targetKind: string; targetId: string | null; detail: Record<string, unknown>; userName?: string },
): AuditEntry {
  return {
    atMs: clock.nowMs(),
    userId: request.caller?.userId ?? null,
    userName: request.caller?.userName ?? what.userName ?? '(anonymous)',
    action: what.action,
    targetKind: what.targetKind,
    targetId: what.targetId,
    detail: { ...what.detail, via: request.caller?.credential.kind ?? 'none' },
    sourceAddress: request.ip ?? null,
  };
}
