// Monitoring objects and their state: the state view (?classId=Vigil.Core.Computer is the
// computers view; derived classes included), one object with properties, monitor states (with
// the context of their last change), health tree and groups, its hosted children, and the class
// list the console's class picker shows. All limited to the caller's scope.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { VigilError } from '@vigil/core';
import {
  IdParamsSchema, MonitoringClassListSchema, ObjectChildrenQuerySchema, ObjectDetailSchema, ObjectListQuerySchema, ObjectPageSchema,
  ALERT_OPEN_BELOW, type ObjectDetail,
} from '@vigil/protocol';
import { hostedObjectIds, type Database } from '@vigil/store';
import { callerOf } from '../access-control.ts';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { findObjectRow, listObjects, objectSelect, objectVisible, pageOfObjects, toObjectView, type ObjectRow } from '../queries/object-view.query.ts';
import { healthTreeOf } from '../queries/health-tree.ts';
import type { RouteDeps } from './route-deps.ts';

/** An object by id, or by object key when no object has that id. */
export async function findObjectByIdOrKey(db: Database, idOrKey: string): Promise<ObjectRow | undefined> {
  return (await findObjectRow(db, idOrKey)) ?? ((await objectSelect(db).where('monitoring_object.object_key', '=', idOrKey).executeTakeFirst()) as ObjectRow | undefined);
}

export function objectRoutes({ context, scope, packs }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = context;

  async function objectInScope(request: FastifyRequest, idOrKey: string): Promise<ObjectRow> {
    const row = await findObjectByIdOrKey(db, idOrKey);
    if (!row || !(await objectVisible(db, row.id, await scope.objects(callerOf(request), 'monitoring:read')))) throw new VigilError('NOT_FOUND', { what: 'Object', id: idOrKey });
    return row;
  }

  return async (app) => {
    app.get('/objects', {
      schema: { tags: ['objects'], summary: 'The state view: objects with their health (classId includes derived classes)', querystring: ObjectListQuerySchema, response: { 200: ObjectPageSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => listObjects(db, request.query, await scope.objects(callerOf(request), 'monitoring:read')));

    app.get('/objects/:id', {
      schema: { tags: ['objects'], summary: 'One object (by id or object key): properties, monitor states, health tree, groups', params: IdParamsSchema, response: { 200: ObjectDetailSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request): Promise<ObjectDetail> => {
      const row = await objectInScope(request, request.params.id);
      const [full, states, groups, host, openAlerts] = await Promise.all([
        db.selectFrom('monitoring_object').select('properties_json').where('id', '=', row.id).executeTakeFirstOrThrow(),
        db.selectFrom('monitor_state').selectAll().where('object_id', '=', row.id).execute(),
        db.selectFrom('group_member').innerJoin('monitoring_group', 'monitoring_group.id', 'group_member.group_id')
          .select(['monitoring_group.id', 'monitoring_group.display_name']).where('group_member.object_id', '=', row.id).orderBy('monitoring_group.display_name').execute(),
        row.host_id ? db.selectFrom('monitoring_object').select(['id', 'display_name']).where('id', '=', row.host_id).executeTakeFirst() : Promise.resolve(undefined),
        db.selectFrom('alert').select(db.fn.countAll<number>().as('n')).where('object_id', '=', row.id).where('resolution_state', '<', ALERT_OPEN_BELOW).executeTakeFirstOrThrow(),
      ]);
      const stored = states.map((s) => ({ monitorId: s.monitor_id, state: s.state, changedAtMs: Number(s.changed_at), context: JSON.parse(s.context_json) as Record<string, unknown> }));
      const { tree, monitors } = healthTreeOf(packs.current(), row.class_id, row.health_state, stored);
      return {
        ...toObjectView(row),
        properties: JSON.parse(full.properties_json) as Record<string, unknown>,
        host: host ? { id: host.id, displayName: host.display_name } : null,
        monitors, healthTree: tree,
        groups: groups.map((g) => ({ id: g.id, displayName: g.display_name })),
        openAlerts: Number(openAlerts.n),
      };
    });

    app.get('/objects/:id/children', {
      schema: { tags: ['objects'], summary: 'Objects hosted by this one (recursive=true: transitively)', params: IdParamsSchema, querystring: ObjectChildrenQuerySchema, response: { 200: ObjectPageSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      const row = await objectInScope(request, request.params.id);
      const objectScope = await scope.objects(callerOf(request), 'monitoring:read');
      let q = objectSelect(db).where(objectScopeCondition('monitoring_object.id', objectScope));
      if (request.query.recursive) {
        const ids = await hostedObjectIds(db, row.id as never);
        q = ids.length === 0 ? q.where('monitoring_object.id', '=', '') : q.where('monitoring_object.id', 'in', ids);
      } else {
        q = q.where('monitoring_object.host_id', '=', row.id);
      }
      return pageOfObjects(db, q, request.query);
    });

    app.get('/classes', {
      schema: { tags: ['objects'], summary: 'Classes defined by the imported packs', response: { 200: MonitoringClassListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async () => {
      const rows = await db.selectFrom('class').selectAll().orderBy('id').execute();
      return { items: rows.map((c) => ({ id: c.id, displayName: c.display_name, baseId: c.base_id, packName: c.pack_name, abstract: c.abstract === 1, hosted: c.hosted === 1 })) };
    });
  };
}
