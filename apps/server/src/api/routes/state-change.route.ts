// Monitor state changes (health history), each with the context that caused it, newest first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StateChangeListQuerySchema, StateChangePageSchema, type StateChangeView } from '@vigil/protocol';
import type { HealthStateColumn } from '@vigil/store';
import { callerOf } from '../access-control.ts';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { commaList, fetchCappedPage } from '../capped-page.ts';
import type { RouteDeps } from './route-deps.ts';

interface StateChangeRow { id: string; object_id: string; monitor_id: string; from_state: HealthStateColumn; to_state: HealthStateColumn; at: number; context_json: string; object_display_name: string | null }

function toStateChange(r: StateChangeRow): StateChangeView {
  return {
    id: r.id, objectId: r.object_id, objectDisplayName: r.object_display_name ?? null, monitorId: r.monitor_id, fromState: r.from_state, toState: r.to_state,
    atMs: Number(r.at), context: JSON.parse(r.context_json) as Record<string, unknown>,
  };
}

export function stateChangeRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = context;
  return async (app) => {
    app.get('/state-changes', {
      schema: { tags: ['objects'], summary: 'Monitor state changes with their context (newest first)', querystring: StateChangeListQuerySchema, response: { 200: StateChangePageSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      const query = request.query;
      let q = db.selectFrom('state_change').leftJoin('monitoring_object', 'monitoring_object.id', 'state_change.object_id')
        .select(['state_change.id', 'state_change.object_id', 'state_change.monitor_id', 'state_change.from_state', 'state_change.to_state', 'state_change.at', 'state_change.context_json', 'monitoring_object.display_name as object_display_name'])
        .where(objectScopeCondition('state_change.object_id', await scope.objects(callerOf(request), 'monitoring:read')));
      const objectIds = commaList(query.objectId);
      if (objectIds) q = q.where('state_change.object_id', 'in', objectIds);
      if (query.monitorId) q = q.where('state_change.monitor_id', '=', query.monitorId);
      if (query.toState) q = q.where('state_change.to_state', '=', query.toState);
      if (query.sinceMs !== undefined) q = q.where('state_change.at', '>=', query.sinceMs);
      if (query.untilMs !== undefined) q = q.where('state_change.at', '<', query.untilMs);
      const page = await fetchCappedPage(db, q, query, {
        sortColumns: { atMs: 'state_change.at' }, defaultSort: '-atMs', tiebreaker: 'state_change.id', searchColumns: ['state_change.monitor_id'],
      });
      return { ...page, items: (page.items as StateChangeRow[]).map(toStateChange) };
    });
  };
}
