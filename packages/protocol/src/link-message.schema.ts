// The two directions of a link, each a union on `kind`. A client is an agent or a gateway (a
// gateway is also the server of the agents behind it); the server is an MS or that gateway.
import { Type } from 'typebox';
import type { Wire } from './common.schema.ts';
import {
  ConfigAckSchema,
  ConfigSchema,
  ErrorSchema,
  FailoverListSchema,
  HeartbeatSchema,
  TaskRequestSchema,
  TaskResultSchema,
  ThrottleSchema,
} from './control.schema.ts';
import { AckSchema, BatchSchema } from './data.schema.ts';
import { EnrollRequestSchema, EnrollResultSchema } from './enrollment.schema.ts';
import { HelloSchema, WelcomeSchema } from './handshake.schema.ts';
import { DeliverSchema, RelayRefusedSchema, RelaySchema } from './relay.schema.ts';

export const CLIENT_MESSAGE_SCHEMAS = {
  hello: HelloSchema,
  'enroll-request': EnrollRequestSchema,
  batch: BatchSchema,
  relay: RelaySchema,
  heartbeat: HeartbeatSchema,
  'config-ack': ConfigAckSchema,
  'task-result': TaskResultSchema,
  error: ErrorSchema,
} as const;

export const SERVER_MESSAGE_SCHEMAS = {
  welcome: WelcomeSchema,
  'enroll-result': EnrollResultSchema,
  ack: AckSchema,
  config: ConfigSchema,
  'task-request': TaskRequestSchema,
  'failover-list': FailoverListSchema,
  throttle: ThrottleSchema,
  deliver: DeliverSchema,
  'relay-refused': RelayRefusedSchema,
  error: ErrorSchema,
} as const;

export const ClientMessageSchema = Type.Union([
  HelloSchema,
  EnrollRequestSchema,
  BatchSchema,
  RelaySchema,
  HeartbeatSchema,
  ConfigAckSchema,
  TaskResultSchema,
  ErrorSchema,
]);
export const ServerMessageSchema = Type.Union([
  WelcomeSchema,
  EnrollResultSchema,
  AckSchema,
  ConfigSchema,
  TaskRequestSchema,
  FailoverListSchema,
  ThrottleSchema,
  DeliverSchema,
  RelayRefusedSchema,
  ErrorSchema,
]);

/** Agent/gateway → server. */
export type ClientMessage = Wire<typeof ClientMessageSchema>;
/** Server → agent/gateway. */
export type ServerMessage = Wire<typeof ServerMessageSchema>;
export type LinkMessage = ClientMessage | ServerMessage;

/** Which way a frame travels; decodeFrame accepts only that direction's kinds. */
export type Direction = 'to-server' | 'to-client';
