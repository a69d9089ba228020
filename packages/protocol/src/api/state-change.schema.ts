// Monitor state changes (the object's health history), each with the context that caused it.
import { Type, type Static } from 'typebox';
import { ListQuerySchema } from './list-query.schema.ts';
import { HealthStateSchema } from '../item.schema.ts';
import { CappedPageSchema, IdListPattern, JsonObjectSchema, TimeRangeFilters, TotalFilter } from './monitoring-common.schema.ts';

export const StateChangeSchema = Type.Object({
  id: Type.String(),
  objectId: Type.String(),
  objectDisplayName: Type.Union([Type.String(), Type.Null()]),
  monitorId: Type.String(),
  fromState: HealthStateSchema,
  toState: HealthStateSchema,
  atMs: Type.Integer(),
  context: JsonObjectSchema,
});
export type StateChangeView = Static<typeof StateChangeSchema>;

export const STATE_CHANGE_SORT_KEYS = ['atMs'] as const;
export const StateChangeListQuerySchema = ListQuerySchema(STATE_CHANGE_SORT_KEYS, {
  objectId: Type.Optional(Type.String({ pattern: IdListPattern, description: 'comma-separated object ids' })),
  monitorId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  toState: Type.Optional(HealthStateSchema),
  ...TimeRangeFilters,
  ...TotalFilter,
});
export type StateChangeListQuery = Static<typeof StateChangeListQuerySchema>;
export const StateChangePageSchema = CappedPageSchema(StateChangeSchema);
