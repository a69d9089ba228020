// Events collected by event rules (Windows-style event ids, syslog/log matches) as the event view
// shows them.
import { Type, type Static } from 'typebox';
import { ListQuerySchema } from './list-query.schema.ts';
import { CappedPageSchema, IdListPattern, JsonObjectSchema, TimeRangeFilters, TotalFilter } from './monitoring-common.schema.ts';

export const EventSchema = Type.Object({
  id: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  objectKey: Type.String(),
  objectDisplayName: Type.Union([Type.String(), Type.Null()]),
  agentId: Type.Union([Type.String(), Type.Null()]),
  eventId: Type.String(),
  level: Type.String(),
  message: Type.String(),
  atMs: Type.Integer(),
  data: JsonObjectSchema,
});
export type EventView = Static<typeof EventSchema>;

export const EVENT_SORT_KEYS = ['atMs', 'level', 'eventId'] as const;
export const EventListQuerySchema = ListQuerySchema(EVENT_SORT_KEYS, {
  objectId: Type.Optional(Type.String({ pattern: IdListPattern, description: 'comma-separated object ids' })),
  level: Type.Optional(Type.String({ pattern: '^[a-z]{1,32}(,[a-z]{1,32}){0,9}$', description: 'levels (comma-separated), e.g. error,warning' })),
  eventId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  classId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'events of objects of this class or a derived class' })),
  groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  ...TimeRangeFilters,
  ...TotalFilter,
});
export type EventListQuery = Static<typeof EventListQuerySchema>;
export const EventPageSchema = CappedPageSchema(EventSchema);
