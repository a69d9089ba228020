// Tasks: run one on an object (queued for the agent monitoring it; the link pushes it), poll its
// result, list recent tasks, and the task types every agent can run.
import { Type, type Static } from 'typebox';

export const TaskStatusSchema = Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('timed-out')]);
export const TaskRunSchema = Type.Object(
  {
    objectId: Type.String({ minLength: 1, maxLength: 256, description: 'object id or key; its agent runs the task' }),
    taskType: Type.String({ minLength: 1, maxLength: 128, description: 'a task type from GET /tasks/types, or one a pack registered on the agent' }),
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

export const TaskParameterSchema = Type.Object({
  name: Type.String(),
  type: Type.Union([Type.Literal('string'), Type.Literal('number'), Type.Literal('boolean')]),
  required: Type.Boolean(),
  description: Type.String(),
});
export const TaskTypeSchema = Type.Object({
  id: Type.String({ description: 'the taskType to send to POST /tasks' }),
  displayName: Type.String(),
  description: Type.String(),
  parameters: Type.Array(TaskParameterSchema),
});
export type TaskTypeView = Static<typeof TaskTypeSchema>;
export const TaskTypeListSchema = Type.Object({ items: Type.Array(TaskTypeSchema) });

/**
 * The task types built into every agent, as its task registry runs them
 * (apps/agent/src/tasks/built-in-tasks.ts; apps/agent/test/tasks/tasks.test.ts fails if the two differ). Packs may register more on
 * the agents that load them; the server does not know those.
 */
export const BUILT_IN_TASK_TYPES: readonly TaskTypeView[] = [
  {
    id: 'agent-info', displayName: 'Agent information', parameters: [],
    description: "The agent's name, version, host, link and spool state as one JSON document.",
  },
  {
    id: 'run-command', displayName: 'Run a command',
    description: "Runs one program with arguments (no shell) with a clean environment, bounded output and the task's timeout; succeeds when it exits 0.",
    parameters: [
      { name: 'executable', type: 'string', required: true, description: 'the program to run, e.g. /usr/bin/uptime' },
      { name: 'args', type: 'string', required: false, description: 'its arguments as a JSON array of strings, e.g. ["-c", "1"]' },
      { name: 'cwd', type: 'string', required: false, description: 'the working directory' },
    ],
  },
  {
    id: 'flush-spool', displayName: 'Flush the spool', parameters: [],
    description: 'Sends what the agent has spooled now instead of at the next poll and reports how much was waiting; deletes nothing.',
  },
];
