// Monitoring objects and their state: the state view (objects of a class and the classes derived
// from it, e.g. the computers state view = Vigil.Core.Computer), one object with its properties,
// monitor states (with the context of their last change) and health tree, hosted children.
import { Type, type Static } from 'typebox';
import { ListQuerySchema } from './list-query.schema.ts';
import { HealthStateSchema } from '../item.schema.ts';
import { CappedPageSchema, CommaListSchema, DisplayStateSchema, JsonObjectSchema, TotalFilter } from './monitoring-common.schema.ts';

export const COMPUTER_CLASS_ID = 'Vigil.Core.Computer';

export const MonitoringObjectSchema = Type.Object({
  id: Type.String(),
  classId: Type.String(),
  classDisplayName: Type.String(),
  objectKey: Type.String(),
  displayName: Type.String(),
  hostId: Type.Union([Type.String(), Type.Null()]),
  agentId: Type.Union([Type.String(), Type.Null()]),
  poolId: Type.Union([Type.String(), Type.Null()]),
  healthState: HealthStateSchema,
  /** healthState, or 'maintenance' while in maintenance mode. */
  displayState: DisplayStateSchema,
  inMaintenance: Type.Boolean(),
  healthChangedAtMs: Type.Integer(),
  updatedAtMs: Type.Integer(),
});
export type MonitoringObjectView = Static<typeof MonitoringObjectSchema>;

export const OBJECT_SORT_KEYS = ['displayName', 'healthState', 'healthChangedAtMs', 'classId', 'objectKey'] as const;
export const ObjectListQuerySchema = ListQuerySchema(OBJECT_SORT_KEYS, {
  classId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'objects of this class or a class derived from it' })),
  exactClass: Type.Optional(Type.Boolean({ description: 'true: only the class itself, not derived classes' })),
  health: Type.Optional(CommaListSchema(['healthy', 'warning', 'critical', 'unknown'], 'health states')),
  maintenance: Type.Optional(Type.Boolean({ description: 'true: only objects in maintenance; false: only objects not in maintenance' })),
  groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'members of this group' })),
  hostId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'objects hosted directly by this object' })),
  agentId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  ...TotalFilter,
});
export type ObjectListQuery = Static<typeof ObjectListQuerySchema>;
export const ObjectPageSchema = CappedPageSchema(MonitoringObjectSchema);

export const MonitorStateSchema = Type.Object({
  monitorId: Type.String(),
  displayName: Type.String(),
  kind: Type.Union([Type.Literal('unit'), Type.Literal('aggregate'), Type.Literal('dependency')]),
  state: HealthStateSchema,
  changedAtMs: Type.Union([Type.Integer(), Type.Null()]),
  /** What caused the last change (sample, plugin output...). */
  context: JsonObjectSchema,
});
export type MonitorStateView = Static<typeof MonitorStateSchema>;

/**
 * The health tree flattened: Entity Health (parentId null) -> Availability / Configuration /
 * Performance / Security -> unit monitors; a node's children are the nodes naming it as parent.
 */
export const HealthTreeNodeSchema = Type.Object({
  monitorId: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  kind: Type.Union([Type.Literal('unit'), Type.Literal('aggregate'), Type.Literal('dependency')]),
  state: HealthStateSchema,
  changedAtMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type HealthTreeNode = Static<typeof HealthTreeNodeSchema>;

export const ObjectDetailSchema = Type.Object({
  ...MonitoringObjectSchema.properties,
    properties: JsonObjectSchema,
    host: Type.Union([Type.Object({ id: Type.String(), displayName: Type.String() }), Type.Null()]),
    monitors: Type.Array(MonitorStateSchema),
    healthTree: Type.Array(HealthTreeNodeSchema),
    groups: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() })),
    openAlerts: Type.Integer({ minimum: 0 }),
});
export type ObjectDetail = Static<typeof ObjectDetailSchema>;

export const ObjectChildrenQuerySchema = ListQuerySchema(OBJECT_SORT_KEYS, { recursive: Type.Optional(Type.Boolean({ description: 'true: everything hosted transitively' })) });
export type ObjectChildrenQuery = Static<typeof ObjectChildrenQuerySchema>;

export const MonitoringClassSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  baseId: Type.Union([Type.String(), Type.Null()]),
  packName: Type.String(),
  abstract: Type.Boolean(),
  hosted: Type.Boolean(),
});
export type MonitoringClassView = Static<typeof MonitoringClassSchema>;
export const MonitoringClassListSchema = Type.Object({ items: Type.Array(MonitoringClassSchema) });
