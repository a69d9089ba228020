// The audit log of SDK API writes, newest first by default; administrators only.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditListQuerySchema, AuditPageSchema } from '@vigil/protocol';
import { fetchPage, mapPage } from '../list-query.ts';
import type { RouteDeps } from './route-deps.ts';

export function auditRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = context;
  return async (app) => {
    app.get('/audit', {
      schema: { tags: ['audit'], summary: 'Read the audit log of writes', querystring: AuditListQuerySchema, response: { 200: AuditPageSchema } },
      config: { access: { permission: 'audit:read' } },
    }, async (request) => {
      let query = db.selectFrom('audit_log').selectAll();
      if (request.query.user) query = query.where('user_name', '=', request.query.user);
      if (request.query.action) query = query.where('action', '=', request.query.action);
      if (request.query.sinceMs !== undefined) query = query.where('at', '>=', request.query.sinceMs);
      const page = await fetchPage(query, request.query, {
        sortColumns: { atMs: 'at', userName: 'user_name', action: 'action' }, defaultSort: '-atMs', tiebreaker: 'id', searchColumns: ['action', 'user_name', 'target_id'],
      });
      return mapPage(page, (r) => ({
        id: r.id, atMs: r.at, userName: r.user_name, action: r.action, targetKind: r.target_kind, targetId: r.target_id,
        detail: JSON.parse(r.detail_json) as Record<string, unknown>, sourceAddress: r.source_address,
      }));
    });
  };
}
