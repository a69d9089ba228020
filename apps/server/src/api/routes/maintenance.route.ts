// Maintenance mode: start on an object (recursive, end time or duration, reason, planned,
// comment) taking effect at once, stop, the active windows and an object's history, and
// recurring schedules (CRUD), and the reasons a window may give. Objects outside the caller's
// scope answer 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { VigilError, type MaintenanceReason, type MaintenanceRecurrence, type ObjectId } from '@vigil/core';
import {
  IdParamsSchema, MaintenanceListQuerySchema, MaintenanceReasonListSchema, MaintenanceScheduleInputSchema, MaintenanceScheduleListSchema, MaintenanceScheduleSchema, MaintenanceStartedSchema,
  MaintenanceStartSchema, MaintenanceStopSchema, MaintenanceWindowListSchema, type MaintenanceScheduleInputBody, type MaintenanceWindowView, type Permission,
} from '@vigil/protocol';
import { activeMaintenanceWindows, findMaintenanceWindow, maintenanceHistoryOf, type MaintenanceWindowRecord } from '@vigil/store';
import { maintenanceReasonChoices } from '../../maintenance/maintenance-reasons.ts';
import { startMaintenance, stopMaintenance, stopMaintenanceWindow } from '../../maintenance/maintenance.service.ts';
import {
  createMaintenanceSchedule, deleteMaintenanceSchedule, getMaintenanceSchedule, listMaintenanceSchedules, updateMaintenanceSchedule, type MaintenanceScheduleInput,
} from '../../maintenance/maintenance-schedule.service.ts';
import type { MaintenanceContext } from '../../maintenance/maintenance-context.ts';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { callerOf } from '../access-control.ts';
import { objectVisible } from '../queries/object-view.query.ts';
import { findObjectByIdOrKey } from './object.route.ts';
import type { RouteDeps } from './route-deps.ts';

export function maintenanceRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  const ctx: MaintenanceContext = { db, clock };

  async function objectIdInScope(request: FastifyRequest, idOrKey: string, permission: Permission): Promise<ObjectId> {
    const object = await findObjectByIdOrKey(db, idOrKey);
    if (!object || !(await objectVisible(db, object.id, await scope.objects(callerOf(request), permission)))) throw new VigilError('NOT_FOUND', { what: 'Object', id: idOrKey });
    return object.id as ObjectId;
  }

  async function views(windows: readonly MaintenanceWindowRecord[]): Promise<MaintenanceWindowView[]> {
    const ids = [...new Set(windows.map((w) => w.objectId as string))];
    const names = new Map(ids.length === 0 ? [] : (await db.selectFrom('monitoring_object').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.display_name] as const));
    return windows.map((w) => ({ ...w, objectDisplayName: names.get(w.objectId) ?? null }));
  }

  function scheduleInput(body: MaintenanceScheduleInputBody, objectId: ObjectId): MaintenanceScheduleInput {
    return { ...body, objectId, recurrence: body.recurrence as MaintenanceRecurrence, reason: body.reason as MaintenanceReason };
  }

  return async (app) => {
    app.post('/maintenance', {
      schema: { tags: ['maintenance'], summary: 'Start maintenance on an object (at once)', body: MaintenanceStartSchema, response: { 201: MaintenanceStartedSchema } },
      config: { access: { permission: 'maintenance:manage' }, audit: { action: 'maintenance.start', targetKind: 'object' } },
    }, async (request, reply) => {
      const body = request.body;
      const objectId = await objectIdInScope(request, body.objectId, 'maintenance:manage');
      const endMs = body.endMs ?? (body.durationMinutes !== undefined ? clock.nowMs() + body.durationMinutes * 60_000 : undefined);
      if (endMs === undefined) throw new VigilError('VALIDATION_FAILED', { what: 'Give endMs or durationMinutes.' });
      const started = await startMaintenance(ctx, {
        objectId, recursive: body.recursive ?? true, endMs, reason: body.reason, planned: body.planned, by: callerOf(request).userName,
        ...(body.comment !== undefined ? { comment: body.comment } : {}),
      });
      request.auditNote = { targetId: objectId, detail: { windowId: started.window.id, endMs, reason: body.reason, planned: body.planned, covered: started.coveredObjectIds.length } };
      return reply.status(201).send({ window: (await views([started.window]))[0]!, coveredObjectIds: [...started.coveredObjectIds] });
    });

    app.post('/maintenance/stop', {
      schema: { tags: ['maintenance'], summary: "Stop maintenance: an object's active windows, or one window", body: MaintenanceStopSchema, response: { 200: MaintenanceWindowListSchema } },
      config: { access: { permission: 'maintenance:manage' }, audit: { action: 'maintenance.stop', targetKind: 'object' } },
    }, async (request) => {
      const by = callerOf(request).userName;
      if (request.body.windowId) {
        const window = await findMaintenanceWindow(db, request.body.windowId);
        if (!window) throw new VigilError('NOT_FOUND', { what: 'Maintenance window', id: request.body.windowId });
        await objectIdInScope(request, window.objectId, 'maintenance:manage');
        request.auditNote = { targetId: window.objectId, detail: { windowId: window.id } };
        return { items: await views([await stopMaintenanceWindow(ctx, window.id, by)]) };
      }
      const objectId = await objectIdInScope(request, request.body.objectId!, 'maintenance:manage');
      const stopped = await stopMaintenance(ctx, objectId, by);
      request.auditNote = { targetId: objectId, detail: { windowIds: stopped.map((w) => w.id) } };
      return { items: await views(stopped) };
    });

    app.get('/maintenance', {
      schema: { tags: ['maintenance'], summary: "Active maintenance windows (history=true&objectId=: an object's history)", querystring: MaintenanceListQuerySchema, response: { 200: MaintenanceWindowListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      if (request.query.history) {
        if (!request.query.objectId) throw new VigilError('VALIDATION_FAILED', { what: 'history needs objectId.' });
        return { items: await views(await maintenanceHistoryOf(db, await objectIdInScope(request, request.query.objectId, 'monitoring:read'))) };
      }
      const objectScope = await scope.objects(callerOf(request), 'monitoring:read');
      let windows = await activeMaintenanceWindows(db, request.query.objectId ? [await objectIdInScope(request, request.query.objectId, 'monitoring:read')] : undefined);
      if (objectScope.kind !== 'all' && windows.length > 0) {
        const visible = new Set((await db.selectFrom('monitoring_object').select('id').where('id', 'in', windows.map((w) => w.objectId)).where(objectScopeCondition('monitoring_object.id', objectScope)).execute()).map((r) => r.id));
        windows = windows.filter((w) => visible.has(w.objectId));
      }
      return { items: await views(windows) };
    });

    app.get('/maintenance/reasons', {
      schema: { tags: ['maintenance'], summary: 'The reasons and planned flags a maintenance window may be started with, labelled as SCOM does', response: { 200: MaintenanceReasonListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async () => ({ items: maintenanceReasonChoices().map(({ reason, planned, label }) => ({ reason, planned, displayName: label })) }));

    app.get('/maintenance/schedules', {
      schema: { tags: ['maintenance'], summary: 'Maintenance schedules', response: { 200: MaintenanceScheduleListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async () => ({ items: (await listMaintenanceSchedules(ctx)) as never[] }));

    app.post('/maintenance/schedules', {
      schema: { tags: ['maintenance'], summary: 'Create a schedule (starts a window at once if one is under way)', body: MaintenanceScheduleInputSchema, response: { 201: MaintenanceScheduleSchema } },
      config: { access: { permission: 'maintenance:manage' }, audit: { action: 'maintenance.schedule-create', targetKind: 'maintenance-schedule' } },
    }, async (request, reply) => {
      const objectId = await objectIdInScope(request, request.body.objectId, 'maintenance:manage');
      const created = await createMaintenanceSchedule(ctx, scheduleInput(request.body, objectId), callerOf(request).userName);
      request.auditNote = { targetId: created.id, detail: { name: created.name, objectId } };
      return reply.status(201).send(created as never);
    });

    app.put('/maintenance/schedules/:id', {
      schema: { tags: ['maintenance'], summary: 'Replace a schedule', params: IdParamsSchema, body: MaintenanceScheduleInputSchema, response: { 200: MaintenanceScheduleSchema } },
      config: { access: { permission: 'maintenance:manage' }, audit: { action: 'maintenance.schedule-update', targetKind: 'maintenance-schedule', targetParam: 'id' } },
    }, async (request) => {
      const objectId = await objectIdInScope(request, request.body.objectId, 'maintenance:manage');
      return (await updateMaintenanceSchedule(ctx, request.params.id, scheduleInput(request.body, objectId))) as never;
    });

    app.get('/maintenance/schedules/:id', {
      schema: { tags: ['maintenance'], summary: 'One schedule', params: IdParamsSchema, response: { 200: MaintenanceScheduleSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => (await getMaintenanceSchedule(ctx, request.params.id)) as never);

    app.delete('/maintenance/schedules/:id', {
      schema: { tags: ['maintenance'], summary: 'Delete a schedule (windows it started run to their end)', params: IdParamsSchema },
      config: { access: { permission: 'maintenance:manage' }, audit: { action: 'maintenance.schedule-delete', targetKind: 'maintenance-schedule', targetParam: 'id' } },
    }, async (request, reply) => {
      const schedule = await getMaintenanceSchedule(ctx, request.params.id);
      await objectIdInScope(request, schedule.objectId, 'maintenance:manage');
      await deleteMaintenanceSchedule(ctx, request.params.id);
      return reply.status(204).send();
    });
  };
}
