// Maintenance mode through the SDK API: start (object, recursive, end time or duration, reason,
// planned, comment), stop, the active windows and the history, recurring schedules, and the
// reasons a window may give.
import { Type, type Static } from 'typebox';

export const MaintenanceStartSchema = Type.Object(
  {
    objectId: Type.String({ minLength: 1, maxLength: 256, description: 'object id or object key' }),
    recursive: Type.Optional(Type.Boolean({ description: 'also what it hosts or contains (default true)' })),
    endMs: Type.Optional(Type.Integer({ minimum: 0, description: 'end time (epoch ms); or durationMinutes' })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 2 * 366 * 24 * 60 })),
    reason: Type.String({ minLength: 1, maxLength: 64, description: 'a reason code from GET /maintenance/reasons, e.g. other, application-maintenance' }),
    planned: Type.Boolean({ description: 'must be a combination GET /maintenance/reasons lists (security-issue is never planned)' }),
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

const LocalTime = Type.String({ description: 'local wall-clock time in the schedule\'s zone, HH:MM (00:00..23:59)' });
const LocalDate = (description: string) => Type.String({ description: `${description}, YYYY-MM-DD in the schedule's zone` });
const Recurring = {
  time: LocalTime,
  fromDate: LocalDate('first date the schedule may start a window on'),
  untilDate: Type.Optional(LocalDate('last date (inclusive) it may start one on; open-ended when absent')),
};
const WeekdaySchema = Type.Union([
  Type.Literal('sunday'), Type.Literal('monday'), Type.Literal('tuesday'), Type.Literal('wednesday'), Type.Literal('thursday'), Type.Literal('friday'), Type.Literal('saturday'),
]);

/**
 * When a schedule starts its windows, as core's MaintenanceRecurrence. The variants stay open
 * (no additionalProperties: false): Fastify's Ajv removes additional properties, and inside a
 * union it would strip them while trying a variant that does not match.
 */
export const MaintenanceRecurrenceSchema = Type.Union([
  Type.Object({ kind: Type.Literal('once'), date: LocalDate('the date of the one window'), time: LocalTime }, { title: 'once' }),
  Type.Object({ kind: Type.Literal('daily'), ...Recurring }, { title: 'daily' }),
  Type.Object({ kind: Type.Literal('weekly'), ...Recurring, daysOfWeek: Type.Array(WeekdaySchema, { minItems: 1, description: 'lower-case English day names' }) }, { title: 'weekly' }),
  Type.Object({
    kind: Type.Literal('monthly'), ...Recurring,
    dayOfMonth: Type.Union([Type.Integer({ minimum: 1, maximum: 31 }), Type.Literal('last')], { description: '1..31 or "last"; a day the month lacks (31 in April) starts no window that month' }),
  }, { title: 'monthly' }),
], { description: 'once on a date, or daily/weekly/monthly from fromDate (until untilDate when given), at time in timeZone' });
export type MaintenanceRecurrenceBody = Static<typeof MaintenanceRecurrenceSchema>;

export const MaintenanceScheduleInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256 }),
    objectId: Type.String({ minLength: 1, maxLength: 256 }),
    recursive: Type.Boolean(),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Europe/Paris' }),
    recurrence: MaintenanceRecurrenceSchema,
    durationMs: Type.Integer({ minimum: 5 * 60_000, description: 'length of each window in elapsed ms (5 minutes to 730 days)' }),
    reason: Type.String({ minLength: 1, maxLength: 64, description: 'a reason code from GET /maintenance/reasons' }),
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

/** One reason and planned flag a window may be started with, and the label SCOM shows for it. */
export const MaintenanceReasonChoiceSchema = Type.Object({
  reason: Type.String({ description: 'the reason code to send as `reason`' }),
  planned: Type.Boolean({ description: 'the `planned` flag to send with it' }),
  displayName: Type.String({ description: 'e.g. "Hardware: Maintenance (Planned)"' }),
});
export type MaintenanceReasonChoice = Static<typeof MaintenanceReasonChoiceSchema>;
export const MaintenanceReasonListSchema = Type.Object({ items: Type.Array(MaintenanceReasonChoiceSchema) });
