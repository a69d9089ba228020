// Tasks: run one on an object (a task row queued for the agent monitoring it; the link's control
// poll pushes it wherever the agent is connected), poll its result, list recent tasks, and the
// task types every agent can run.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { newUuid, VigilError } from '@vigil/core';
import { BUILT_IN_TASK_TYPES, IdParamsSchema, TaskListQuerySchema, TaskListSchema, TaskRunSchema, TaskSchema, TaskTypeListSchema, type Permission, type TaskView } from '@vigil/protocol';
import type { TaskTable } from '@vigil/store';
import { objectScopeCondition } from '../../auth/scope-filter.ts';
import { callerOf } from '../access-control.ts';
import { objectVisible } from '../queries/object-view.query.ts';
import { findObjectByIdOrKey } from './object.route.ts';
import type { RouteDeps } from './route-deps.ts';

const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

function toTask(r: TaskTable): TaskView {
  return {
    id: r.id, agentId: r.agent_id, objectId: r.object_id, taskType: r.task_type, parameters: JSON.parse(r.parameters_json) as Record<string, unknown>, status: r.status,
    output: r.output, exitCode: r.exit_code === null ? null : Number(r.exit_code), submittedBy: r.submitted_by, submittedAtMs: Number(r.submitted_at),
    completedAtMs: r.completed_at === null ? null : Number(r.completed_at), timeoutSeconds: Number(r.timeout_seconds),
  };
}

export function taskRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;

  async function taskInScope(request: FastifyRequest, id: string, permission: Permission): Promise<TaskTable> {
    const row = await db.selectFrom('task').selectAll().where('id', '=', id).executeTakeFirst();
    if (row) {
      const objectScope = await scope.objects(callerOf(request), permission);
      if (objectScope.kind === 'all' || (row.object_id && (await objectVisible(db, row.object_id, objectScope)))) return row;
    }
    throw new VigilError('NOT_FOUND', { what: 'Task', id });
  }

  return async (app) => {
    app.post('/tasks', {
      schema: { tags: ['tasks'], summary: "Run a task on an object's agent (poll GET /tasks/:id for the result)", body: TaskRunSchema, response: { 201: TaskSchema } },
      config: { access: { permission: 'tasks:run' }, audit: { action: 'task.run', targetKind: 'object' } },
    }, async (request, reply) => {
      const object = await findObjectByIdOrKey(db, request.body.objectId);
      if (!object || !(await objectVisible(db, object.id, await scope.objects(callerOf(request), 'tasks:run')))) throw new VigilError('NOT_FOUND', { what: 'Object', id: request.body.objectId });
      let agentId = object.agent_id;
      // A hosted object without its own agent runs on its host's agent.
      if (!agentId && object.host_id) agentId = (await db.selectFrom('monitoring_object').select('agent_id').where('id', '=', object.host_id).executeTakeFirst())?.agent_id ?? null;
      if (!agentId) throw new VigilError('VALIDATION_FAILED', { what: `Object ${object.display_name} is not monitored by an agent; tasks run on agents.` });
      const row: TaskTable = {
        id: newUuid(clock.nowMs()), agent_id: agentId, object_id: object.id, task_type: request.body.taskType, parameters_json: JSON.stringify(request.body.parameters ?? {}),
        status: 'queued', output: null, exit_code: null, submitted_by: callerOf(request).userName, submitted_at: clock.nowMs(), completed_at: null,
        timeout_seconds: request.body.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS,
      };
      await db.insertInto('task').values(row).execute();
      request.auditNote = { targetId: object.id, detail: { taskId: row.id, taskType: row.task_type, agentId } };
      return reply.status(201).send(toTask(row));
    });

    app.get('/tasks/types', {
      schema: { tags: ['tasks'], summary: 'The task types built into every agent, with their parameters', response: { 200: TaskTypeListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async () => ({ items: [...BUILT_IN_TASK_TYPES] }));

    app.get('/tasks/:id', {
      schema: { tags: ['tasks'], summary: 'One task and its result', params: IdParamsSchema, response: { 200: TaskSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => toTask(await taskInScope(request, request.params.id, 'monitoring:read')));

    app.get('/tasks', {
      schema: { tags: ['tasks'], summary: 'Recent tasks, newest first', querystring: TaskListQuerySchema, response: { 200: TaskListSchema } },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request) => {
      let q = db.selectFrom('task').selectAll().where(objectScopeCondition('task.object_id', await scope.objects(callerOf(request), 'monitoring:read')));
      if (request.query.objectId) {
        const object = await findObjectByIdOrKey(db, request.query.objectId);
        q = q.where('object_id', '=', object?.id ?? '');
      }
      const rows = await q.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(request.query.limit ?? 100).execute();
      return { items: rows.map(toTask) };
    });
  };
}
