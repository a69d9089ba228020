// Maintenance mode through the SDK API: start (object, recursive, end time or duration, reason,
// planned, comment), stop, the active windows and the history, and recurring schedules.
import { Type, type Static } from 'typebox';
import { JsonObjectSchema } from './monitoring-common.schema.ts';

export const MaintenanceStartSchema = Type.Object(
  {
    objectId: Type.String({ minLength: 1, maxLength: 256, description: 'object id or object key' }),
    recursive: Type.Optional(Type.Boolean({ description: 'also what it hosts or contains (default true)' })),
    endMs: Type.Optional(Type.Integer({ minimum: 0, description: 'end time (epoch ms); or durationMinutes' })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 2 * 366 * 24 * 60 })),
    reason: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. application-maintenance, hardware-maintenance, other' }),
    planned: Type.Boolean(),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type MaintenanceStart = Static<typeof MaintenanceStartSchema>;

export const MaintenanceWindowSchema = Type.Object({
  id: Type.String(),
  objectId: Type.String(),
  objectDisplayName: Type.Union([Type.String(), Type.Null()]),
  recursive: Type.Boolean(),
  startsAtMs: Type.Integer(),
  endsAtMs: Type.Integer(),
  endedAtMs: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.String(),
  planned: Type.Boolean(),
  comment: Type.String(),
  startedBy: Type.String(),
  scheduleId: Type.Union([Type.String(), Type.Null()]),
});
export type MaintenanceWindowView = Static<typeof MaintenanceWindowSchema>;

export const MaintenanceStartedSchema = Type.Object({ window: MaintenanceWindowSchema, coveredObjectIds: Type.Array(Type.String()) });
export type MaintenanceStarted = Static<typeof MaintenanceStartedSchema>;

export const MaintenanceStopSchema = Type.Object(
  { objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), windowId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
  { additionalProperties: false, minProperties: 1 },
);
export type MaintenanceStop = Static<typeof MaintenanceStopSchema>;

export const MaintenanceListQuerySchema = Type.Object(
  {
    objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'with history: this object only' })),
    history: Type.Optional(Type.Boolean({ description: 'true: ended windows too (needs objectId)' })),
  },
  { additionalProperties: false },
);
export type MaintenanceListQuery = Static<typeof MaintenanceListQuerySchema>;
export const MaintenanceWindowListSchema = Type.Object({ items: Type.Array(MaintenanceWindowSchema) });

export const MaintenanceScheduleInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    objectId: Type.String({ minLength: 1, maxLength: 256 }),
    recursive: Type.Boolean(),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Europe/Paris' }),
    /** { kind: once, date, time } | { kind: daily|weekly|monthly, time, startDate?, endDate?, daysOfWeek?, dayOfMonth? } */
    recurrence: JsonObjectSchema,
    durationMs: Type.Integer({ minimum: 5 * 60_000 }),
    reason: Type.String({ minLength: 1, maxLength: 64 }),
    planned: Type.Boolean(),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MaintenanceScheduleInputBody = Static<typeof MaintenanceScheduleInputSchema>;

export const MaintenanceScheduleSchema = Type.Object({
  ...MaintenanceScheduleInputSchema.properties,
  id: Type.String(),
  comment: Type.String(),
  enabled: Type.Boolean(),
  createdBy: Type.String(),
  createdAtMs: Type.Integer(),
});
export type MaintenanceScheduleBody = Static<typeof MaintenanceScheduleSchema>;
export const MaintenanceScheduleListSchema = Type.Object({ items: Type.Array(MaintenanceScheduleSchema) });
