import { Type, type Static } from 'typebox';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';

export const PoolMemberSchema = Type.Object({
  serverId: Type.String(),
  serverName: Type.String(),
  addedAtMs: Type.Integer(),
  /** null = the member holds no lease (not started yet, or stopped). */
  leaseExpiresAtMs: Type.Union([Type.Integer(), Type.Null()]),
  live: Type.Boolean({ description: 'holds a valid lease now' }),
});

export const PoolSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('automatic'), Type.Literal('manual')]),
  createdAtMs: Type.Integer(),
  members: Type.Array(PoolMemberSchema),
});
export type Pool = Static<typeof PoolSchema>;

export const POOL_SORT_KEYS = ['name', 'createdAtMs'] as const;
export const PoolListQuerySchema = ListQuerySchema(POOL_SORT_KEYS);
export type PoolListQuery = Static<typeof PoolListQuerySchema>;
export const PoolPageSchema = PageSchema(PoolSchema);
export const PoolNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) });
