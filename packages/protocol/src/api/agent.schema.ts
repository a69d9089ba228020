import { Type, type Static } from 'typebox';
import { MAX_FAILOVER_SERVERS } from '../limits.ts';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';

export const ApprovalStateSchema = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);

export const AgentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  hostName: Type.String(),
  approvalState: ApprovalStateSchema,
  requestedAtMs: Type.Integer(),
  decidedAtMs: Type.Union([Type.Integer(), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  certificateSerial: Type.Union([Type.String(), Type.Null()]),
  failoverServers: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'host:port in failover order; null = as the agent was configured' }),
  heartbeatIntervalSeconds: Type.Integer(),
  lastHeartbeatAtMs: Type.Union([Type.Integer(), Type.Null()]),
  connectedServerId: Type.Union([Type.String(), Type.Null()]),
});
export type Agent = Static<typeof AgentSchema>;

export const AGENT_SORT_KEYS = ['name', 'hostName', 'requestedAtMs', 'lastHeartbeatAtMs'] as const;
export const AgentListQuerySchema = ListQuerySchema(AGENT_SORT_KEYS, { approval: Type.Optional(ApprovalStateSchema) });
export type AgentListQuery = Static<typeof AgentListQuerySchema>;
export const AgentPageSchema = PageSchema(AgentSchema);
export const AgentNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) });

/** host:port, host a name, IPv4 or [IPv6]. */
export const FAILOVER_ADDRESS_PATTERN = '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253}):([1-9][0-9]{0,4})$';
export const AgentFailoverSchema = Type.Object(
  { servers: Type.Array(Type.String({ pattern: FAILOVER_ADDRESS_PATTERN }), { minItems: 1, maxItems: MAX_FAILOVER_SERVERS }) },
  { additionalProperties: false },
);
export type AgentFailover = Static<typeof AgentFailoverSchema>;
