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
// A relayed batch the MS refuses (its source is not routed through this gateway, or no longer
// approved) is answered with `relay-refused` for its pair instead of an ack — but only to a
// gateway whose hello offered RELAY_REFUSED_CAPABILITY: an older gateway would take the unknown
// kind for an invalid frame and end its link, so it is left to the old silence (no ack).
import { Type } from 'typebox';
import { CLOSED, Seq, Text, Uuid, type Wire } from './common.schema.ts';
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

/** Capability in a gateway's hello: it understands `relay-refused` (without it the MS stays silent). */
export const RELAY_REFUSED_CAPABILITY = 'relay-refused';

/** not-routed: the source was never announced through this gateway; not-enrolled: it is not approved (any more). */
export const RelayRefusalCodeSchema = Type.Union([Type.Literal('not-routed'), Type.Literal('not-enrolled')]);
export type RelayRefusalCode = Wire<typeof RelayRefusalCodeSchema>;

/**
 * MS → gateway: the relayed batch (agentId, seq) was refused; nothing was written and it will never
 * be acked on this link. The gateway frees its in-flight slot and sets the batch aside (it may be
 * accepted later, once its source is announced through the gateway and approved).
 */
export const RelayRefusedSchema = Type.Object(
  { kind: Type.Literal('relay-refused'), agentId: Uuid, seq: Seq, code: RelayRefusalCodeSchema, message: Text },
  CLOSED,
);
export type RelayRefused = Wire<typeof RelayRefusedSchema>;
