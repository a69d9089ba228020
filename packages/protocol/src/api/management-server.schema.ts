import { Type, type Static } from 'typebox';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';

export const ServerStateSchema = Type.Union([Type.Literal('running'), Type.Literal('unresponsive'), Type.Literal('stopped')]);

export const ManagementServerSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  host: Type.String(),
  linkPort: Type.Integer(),
  apiPort: Type.Integer(),
  version: Type.String(),
  state: ServerStateSchema,
  startedAtMs: Type.Integer(),
  lastSeenAtMs: Type.Integer(),
  stoppedAtMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type ManagementServer = Static<typeof ManagementServerSchema>;

export const MANAGEMENT_SERVER_SORT_KEYS = ['name', 'startedAtMs', 'lastSeenAtMs'] as const;
export const ManagementServerListQuerySchema = ListQuerySchema(MANAGEMENT_SERVER_SORT_KEYS);
export type ManagementServerListQuery = Static<typeof ManagementServerListQuerySchema>;
export const ManagementServerPageSchema = PageSchema(ManagementServerSchema);
