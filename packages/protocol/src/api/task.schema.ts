// Tasks: run one on an object (queued for the agent monitoring it; the link pushes it), poll its
// result, list recent tasks.
import { Type, type Static } from 'typebox';

export const TaskStatusSchema = Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('timed-out')]);
export const TaskRunSchema = Type.Object(
  {
    objectId: Type.String({ minLength: 1, maxLength: 256, description: 'object id or key; its agent runs the task' }),
    taskType: Type.String({ minLength: 1, maxLength: 128 }),
    parameters: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()]))),
    timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
  },
  { additionalProperties: false },
);
export type TaskRun = Static<typeof TaskRunSchema>;

export const TaskSchema = Type.Object({
  id: Type.String(),
  agentId: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  taskType: Type.String(),
  parameters: Type.Record(Type.String(), Type.Unknown()),
  status: TaskStatusSchema,
  output: Type.Union([Type.String(), Type.Null()]),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  submittedBy: Type.String(),
  submittedAtMs: Type.Integer(),
  completedAtMs: Type.Union([Type.Integer(), Type.Null()]),
  timeoutSeconds: Type.Integer(),
});
export type TaskView = Static<typeof TaskSchema>;
export const TaskListQuerySchema = Type.Object(
  { objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuerySchema>;
export const TaskListSchema = Type.Object({ items: Type.Array(TaskSchema) });
