// Groups through the SDK API: static members, dynamic rules (class incl. derived + property
// conditions), nested groups, health rollup policy; members with their health; group health.
import { Type, type Static } from 'typebox';
import { JsonObjectSchema } from './monitoring-common.schema.ts';
import { MonitoringObjectSchema } from './monitoring-object.schema.ts';

export const GroupInputSchema = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 256 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    members: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 10_000, description: 'object ids' })),
    dynamic: Type.Optional(Type.Array(Type.Object({
      class: Type.String({ minLength: 1, maxLength: 256 }),
      where: Type.Optional(Type.Array(Type.Object({ property: Type.String({ minLength: 1 }), operator: Type.String({ minLength: 1 }), value: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])) }))),
    }), { maxItems: 100 })),
    includeGroups: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 100 })),
    healthRollup: Type.Optional(JsonObjectSchema),
  },
  { additionalProperties: false },
);
export type GroupInputBody = Static<typeof GroupInputSchema>;

export const MonitoringGroupSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  packName: Type.Union([Type.String(), Type.Null()]),
  definition: JsonObjectSchema,
  createdAtMs: Type.Integer(),
  memberCount: Type.Integer(),
});
export type MonitoringGroupView = Static<typeof MonitoringGroupSchema>;
export const MonitoringGroupListSchema = Type.Object({ items: Type.Array(MonitoringGroupSchema) });

export const GroupMembersSchema = Type.Object({ items: Type.Array(Type.Object({ ...MonitoringObjectSchema.properties, via: Type.String() })) });
export type GroupMembers = Static<typeof GroupMembersSchema>;

export const GroupHealthSchema = Type.Object({
  groupId: Type.String(),
  state: Type.String({ description: 'healthy, warning, critical or unknown' }),
  policy: JsonObjectSchema,
  memberCount: Type.Integer(),
  counts: Type.Object({ healthy: Type.Integer(), warning: Type.Integer(), critical: Type.Integer(), unknown: Type.Integer(), maintenance: Type.Integer() }),
  detail: JsonObjectSchema,
});
export type GroupHealthView = Static<typeof GroupHealthSchema>;
