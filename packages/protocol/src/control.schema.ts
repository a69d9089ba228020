// Control messages: liveness, configuration, tasks, failover, errors and backpressure.
import { Type } from 'typebox';
import {
  BoundedJson,
  CLOSED,
  Name,
  NonNegativeInteger,
  ObjectKey,
  ScalarMap,
  Text,
  TimestampMs,
  Uuid,
  type Wire,
} from './common.schema.ts';
import { ServerAddressSchema } from './handshake.schema.ts';
import { MAX_CONFIG_WORKFLOWS, MAX_FAILOVER_SERVERS, MAX_TASK_OUTPUT_LENGTH } from './limits.ts';

/** Sent every heartbeatIntervalSeconds; 4 missed raise a heartbeat-failure alert on the MS. */
export const HeartbeatSchema = Type.Object(
  { kind: Type.Literal('heartbeat'), timestampMs: TimestampMs, sendQueueBytes: NonNegativeInteger },
  CLOSED,
);
export type Heartbeat = Wire<typeof HeartbeatSchema>;

/** One workflow the agent must run; `typeId` names a plugin in the agent's registry. */
export const WorkflowSchema = Type.Object(
  {
    workflowId: Name,
    kind: Type.Union([Type.Literal('monitor'), Type.Literal('rule'), Type.Literal('discovery')]),
    typeId: Name,
    targetKey: ObjectKey,
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
    enabled: Type.Boolean(),
    /** Plugin-specific, with overrides already applied; the plugin validates it against its own schema. */
    configuration: BoundedJson,
  },
  CLOSED,
);
export type Workflow = Wire<typeof WorkflowSchema>;

/** The complete configuration for the agent (not a delta); `version` is a hash of its content. */
export const ConfigSchema = Type.Object(
  {
    kind: Type.Literal('config'),
    version: Name,
    workflows: Type.Array(WorkflowSchema, { maxItems: MAX_CONFIG_WORKFLOWS }),
  },
  CLOSED,
);
export type Config = Wire<typeof ConfigSchema>;

export const ConfigAckSchema = Type.Object(
  {
    kind: Type.Literal('config-ack'),
    version: Name,
    status: Type.Union([Type.Literal('applied'), Type.Literal('rejected')]),
    /** Why a configuration was rejected (the agent keeps running the previous one). */
    message: Type.Optional(Text),
  },
  CLOSED,
);
export type ConfigAck = Wire<typeof ConfigAckSchema>;

export const TaskRequestSchema = Type.Object(
  {
    kind: Type.Literal('task-request'),
    taskId: Uuid,
    taskType: Name,
    targetKey: Type.Optional(ObjectKey),
    parameters: ScalarMap,
    timeoutSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
  },
  CLOSED,
);
export type TaskRequest = Wire<typeof TaskRequestSchema>;

export const TaskResultSchema = Type.Object(
  {
    kind: Type.Literal('task-result'),
    taskId: Uuid,
    status: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('timed-out')]),
    /** Combined output, truncated by the agent to MAX_TASK_OUTPUT_LENGTH. */
    output: Type.String({ maxLength: MAX_TASK_OUTPUT_LENGTH }),
    exitCode: Type.Optional(Type.Integer({ minimum: -2_147_483_648, maximum: 4_294_967_295 })),
  },
  CLOSED,
);
export type TaskResult = Wire<typeof TaskResultSchema>;

/** Replaces the client's failover list (ordered by preference). */
export const FailoverListSchema = Type.Object(
  { kind: Type.Literal('failover-list'), servers: Type.Array(ServerAddressSchema, { maxItems: MAX_FAILOVER_SERVERS }) },
  CLOSED,
);
export type FailoverList = Wire<typeof FailoverListSchema>;

export const ErrorCodeSchema = Type.Union([
  Type.Literal('unsupported-protocol-version'),
  Type.Literal('invalid-message'),
  Type.Literal('too-large'),
  Type.Literal('not-enrolled'),
  Type.Literal('certificate-revoked'),
  Type.Literal('forbidden'),
  Type.Literal('unexpected-message'),
  Type.Literal('overloaded'),
  Type.Literal('internal'),
]);
export type LinkErrorCode = Wire<typeof ErrorCodeSchema>;

/** A problem on the link. `fatal: true` means the sender closes the link right after this frame. */
export const ErrorSchema = Type.Object(
  { kind: Type.Literal('error'), code: ErrorCodeSchema, message: Text, fatal: Type.Boolean() },
  CLOSED,
);
export type LinkError = Wire<typeof ErrorSchema>;

/** Backpressure hint: send no batches for pauseMs (heartbeats continue); data stays in the spool. */
export const ThrottleSchema = Type.Object(
  { kind: Type.Literal('throttle'), pauseMs: Type.Integer({ minimum: 0, maximum: 600_000 }) },
  CLOSED,
);
export type Throttle = Wire<typeof ThrottleSchema>;
