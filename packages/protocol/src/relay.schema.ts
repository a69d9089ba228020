// Gateways relay agents' traffic without re-sequencing it.
//
// A gateway's own link to the MS is authenticated by the gateway's certificate. Messages of agents
// behind it travel in envelopes: `relay` (up, gateway → MS) and `deliver` (down, MS → gateway).
// A relayed batch keeps the AGENT's own (sourceId, seq), so exactly-once holds end to end:
// agent → gateway: the gateway commits the batch to its spool keyed (sourceId, seq), then acks
// the agent; gateway → MS: it forwards the same batch in order and deletes it only on the MS's
// ack (delivered back to it as a plain `ack` for the agent's sourceId, which it does NOT pass on:
// the agent was acked by the gateway already). Either hop can replay; both dedupe by the pair.
// The MS checks that viaGatewayId is the certificate-authenticated peer and that agentId was
// announced through that gateway at some time (its relay route; spooled data may outlive the
// agent's move to another gateway); decodeFrame checks that a relayed batch's sourceId is agentId.
// The gateway's own data is a plain `batch` with the gateway's id as sourceId.
import { Type } from 'typebox';
import { CLOSED, Uuid, type Wire } from './common.schema.ts';
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

/** What an agent behind a gateway may send on to the MS. */
export const RELAYABLE_SCHEMAS = {
  batch: BatchSchema,
  heartbeat: HeartbeatSchema,
  'task-result': TaskResultSchema,
  'config-ack': ConfigAckSchema,
} as const;

/** What the MS may send to an agent behind a gateway. */
export const DELIVERABLE_SCHEMAS = {
  ack: AckSchema,
  config: ConfigSchema,
  'task-request': TaskRequestSchema,
  'failover-list': FailoverListSchema,
  throttle: ThrottleSchema,
  error: ErrorSchema,
} as const;

export const RelaySchema = Type.Object(
  {
    kind: Type.Literal('relay'),
    viaGatewayId: Uuid,
    agentId: Uuid,
    message: Type.Union([BatchSchema, HeartbeatSchema, TaskResultSchema, ConfigAckSchema]),
  },
  CLOSED,
);
export type Relay = Wire<typeof RelaySchema>;

export const DeliverSchema = Type.Object(
  {
    kind: Type.Literal('deliver'),
    agentId: Uuid,
    message: Type.Union([AckSchema, ConfigSchema, TaskRequestSchema, FailoverListSchema, ThrottleSchema, ErrorSchema]),
  },
  CLOSED,
);
export type Deliver = Wire<typeof DeliverSchema>;
