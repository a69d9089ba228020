// The event view: events collected by event rules, filtered, scoped and paged (newest first).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type SqlBool } from 'kysely';
import { EventListQuerySchema, EventPageSchema, type EventView } from '@vigil/protocol';
import { callerOf } from '../access-control.ts';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { withDerivedClasses } from '../../auth/store-group-membership.ts';
import { commaList, fetchCappedPage } from '../capped-page.ts';
import type { RouteDeps } from './route-deps.ts';

interface EventRow { id: string; object_id: string | null; object_key: string; agent_id: string | null; event_id: string; level: string; message: string; at: number; data_json: string; object_display_name: string | null }

function toEvent(r: EventRow): EventView {
  return {
    id: r.id, objectId: r.object_id, objectKey: r.object_key, objectDisplayName: r.object_display_name ?? null, agentId: r.agent_id, eventId: r.event_id,
    level: r.level, message: r.message, atMs: Number(r.at), data: JSON.parse(r.data_json) as Record<string, unknown>,
  };
}

export function eventRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = context;
  return async (app) => {
    app.get('/events', {
      schema: { tags: ['events'], summary: 'The event view (newest first)', querystring: EventListQuerySchema, response: { 200: EventPageSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      const query = request.query;
      let q = db.selectFrom('event').leftJoin('monitoring_object', 'monitoring_object.id', 'event.object_id')
        .select(['event.id', 'event.object_id', 'event.object_key', 'event.agent_id', 'event.event_id', 'event.level', 'event.message', 'event.at', 'event.data_json', 'monitoring_object.display_name as object_display_name'])
        .where(objectScopeCondition('event.object_id', await scope.objects(callerOf(request), 'monitoring:read')));
      const objectIds = commaList(query.objectId);
      if (objectIds) q = q.where('event.object_id', 'in', objectIds);
      const levels = commaList(query.level);
      if (levels) q = q.where('event.level', 'in', levels);
      if (query.eventId) q = q.where('event.event_id', '=', query.eventId);
      if (query.classId) q = q.where('monitoring_object.class_id', 'in', await withDerivedClasses(db, [query.classId]));
      if (query.groupId) q = q.where(sql<SqlBool>`event.object_id in (select gm.object_id from group_member gm where gm.group_id = ${query.groupId})`);
      if (query.sinceMs !== undefined) q = q.where('event.at', '>=', query.sinceMs);
      if (query.untilMs !== undefined) q = q.where('event.at', '<', query.untilMs);
      const page = await fetchCappedPage(db, q, query, {
        sortColumns: { atMs: 'event.at', level: 'event.level', eventId: 'event.event_id' },
        defaultSort: '-atMs', tiebreaker: 'event.id', searchColumns: ['event.message', 'event.object_key'],
      });
      return { ...page, items: (page.items as EventRow[]).map(toEvent) };
    });
  };
}
