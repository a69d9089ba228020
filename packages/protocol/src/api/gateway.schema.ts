// Gateways through the SDK API: list (approval=pending for the ones waiting), approve, reject.
import { Type, type Static } from 'typebox';
import { ApprovalStateSchema } from './agent.schema.ts';

export const GatewaySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  hostName: Type.String(),
  approvalState: ApprovalStateSchema,
  requestedAtMs: Type.Integer(),
  decidedAtMs: Type.Union([Type.Integer(), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  certificateSerial: Type.Union([Type.String(), Type.Null()]),
  lastSeenAtMs: Type.Union([Type.Integer(), Type.Null()]),
  connectedServerId: Type.Union([Type.String(), Type.Null()]),
});
export type Gateway = Static<typeof GatewaySchema>;
export const GatewayListQuerySchema = Type.Object({ approval: Type.Optional(ApprovalStateSchema) }, { additionalProperties: false });
export type GatewayListQuery = Static<typeof GatewayListQuerySchema>;
export const GatewayListSchema = Type.Object({ items: Type.Array(GatewaySchema) });
export const GatewayNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) });

export const PoolCreateSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
export type PoolCreate = Static<typeof PoolCreateSchema>;
export const PoolMemberAddSchema = Type.Object({ server: Type.String({ minLength: 1, maxLength: 256, description: 'management server name' }) }, { additionalProperties: false });
export type PoolMemberAdd = Static<typeof PoolMemberAddSchema>;
export const PoolMemberParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }), server: Type.String({ minLength: 1, maxLength: 256 }) });
