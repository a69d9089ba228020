// Alerts: the alert view (server-side filters, sort and paging, limited to the caller's scope),
// one alert with its history and raising context, and operator changes (acknowledge = 249, any
// resolution state incl. custom ones, owner, ticket id, close = 255) one at a time or in bulk.
// Every change is audited and published on the live feed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { toVigilError, VigilError } from '@vigil/core';
import {
  AlertBulkResultSchema, AlertBulkUpdateSchema, AlertDetailSchema, AlertListQuerySchema, AlertPageSchema, AlertSchema, AlertUpdateSchema, IdParamsSchema,
  type AlertBulkResult, type AlertDetail, type AlertView, type Permission,
} from '@vigil/protocol';
import type { HealthStateColumn } from '@vigil/store';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { callerOf } from '../access-control.ts';
import { alertHistoryOf, findAlertRow, listAlerts, toAlertView, type AlertRow } from '../queries/alert-view.query.ts';
import { updateAlert, type AlertActionOutcome } from '../../alerts/alert-actions.service.ts';
import type { RouteDeps } from './route-deps.ts';

export function alertRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;

  /** The alert if it is on an object in the caller's scope for `permission`; NOT_FOUND otherwise. */
  async function alertInScope(request: FastifyRequest, id: string, permission: Permission): Promise<AlertRow> {
    const row = await findAlertRow(db, id);
    if (row) {
      const objectScope = await scope.objects(callerOf(request), permission);
      if (objectScope.kind === 'all') return row;
      const visible = await db.selectFrom('alert').select('id').where('id', '=', id).where(objectScopeCondition('alert.object_id', objectScope)).executeTakeFirst();
      if (visible) return row;
    }
    throw new VigilError('NOT_FOUND', { what: 'Alert', id });
  }

  function publish(outcome: AlertActionOutcome): void {
    if (!outcome.changed) return;
    context.changes?.publish({ stateChanges: [], alertChanges: [{ alertId: outcome.alertId, objectId: outcome.objectId as never, change: outcome.change }], discoveredAgents: new Set() });
  }

  async function current(id: string): Promise<AlertView> {
    return toAlertView((await findAlertRow(db, id))!);
  }

  return async (app) => {
    app.get('/alerts', {
      schema: { tags: ['alerts'], summary: 'The alert view: open alerts by default, newest first', querystring: AlertListQuerySchema, response: { 200: AlertPageSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => listAlerts(db, request.query, await scope.objects(callerOf(request), 'monitoring:read')));

    app.get('/alerts/:id', {
      schema: { tags: ['alerts'], summary: 'One alert with its full history and the context that raised it', params: IdParamsSchema, response: { 200: AlertDetailSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      const row = await alertInScope(request, request.params.id, 'monitoring:read');
      const extra = await db.selectFrom('alert').select('context_json').where('id', '=', row.id).executeTakeFirstOrThrow();
      let monitorState: HealthStateColumn | null = null;
      if (row.source_kind === 'monitor' && row.object_id) {
        monitorState = (await db.selectFrom('monitor_state').select('state').where('object_id', '=', row.object_id).where('monitor_id', '=', row.source_id).executeTakeFirst())?.state ?? null;
      }
      const detail: AlertDetail = { ...toAlertView(row), context: JSON.parse(extra.context_json) as Record<string, unknown>, history: await alertHistoryOf(db, row.id), monitorState };
      return detail;
    });

    app.patch('/alerts/:id', {
      schema: { tags: ['alerts'], summary: 'Change resolution state (249 acknowledge, 255 close, custom), owner, ticket id', params: IdParamsSchema, body: AlertUpdateSchema, response: { 200: AlertSchema } },
      config: { access: { permission: 'alerts:update' }, audit: { action: 'alert.update', targetKind: 'alert', targetParam: 'id' } },
    }, async (request) => {
      await alertInScope(request, request.params.id, 'alerts:update');
      const outcome = await updateAlert({ db, clock }, request.params.id, request.body, callerOf(request).userName);
      publish(outcome);
      request.auditNote = { detail: { ...request.body } };
      return current(request.params.id);
    });

    app.post('/alerts/bulk', {
      schema: { tags: ['alerts'], summary: 'Apply one change to many alerts; each succeeds or fails on its own', body: AlertBulkUpdateSchema, response: { 200: AlertBulkResultSchema } },
      config: { access: { permission: 'alerts:update' }, audit: { action: 'alert.bulk-update', targetKind: 'alert' } },
    }, async (request) => {
      const results: AlertBulkResult['results'] = [];
      for (const id of request.body.ids) {
        try {
          await alertInScope(request, id, 'alerts:update');
          publish(await updateAlert({ db, clock }, id, request.body.update, callerOf(request).userName));
          results.push({ id, ok: true, alert: await current(id) });
        } catch (error) {
          const vigilError = error instanceof VigilError ? error : toVigilError(error);
          results.push({ id, ok: false, error: { code: vigilError.code, message: vigilError.message } });
        }
      }
      const updated = results.filter((r) => r.ok).length;
      request.auditNote = { detail: { ...request.body.update, ids: request.body.ids, updated, failed: results.length - updated } };
      return { results, updated, failed: results.length - updated };
    });
  };
}
