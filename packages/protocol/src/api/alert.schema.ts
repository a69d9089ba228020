// Alerts through the SDK API: the alert view (list rows), one alert with its full history and
// the context that raised it, the filters of the alert view, and the changes an operator makes
// (resolution state incl. custom states, owner, ticket id), one at a time or in bulk.
import { Type, type Static } from 'typebox';
import { ListQuerySchema } from './list-query.schema.ts';
import { CappedPageSchema, HealthStateOrNullSchema, CommaListSchema, IdListPattern, JsonObjectSchema, TimeRangeFilters, TotalFilter } from './monitoring-common.schema.ts';

export const ALERT_SEVERITIES = ['critical', 'warning', 'information'] as const;
export const ALERT_PRIORITIES = ['high', 'medium', 'low'] as const;
export const AlertSeveritySchema = Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('information')]);
export const AlertPrioritySchema = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);
export type AlertSeverityValue = Static<typeof AlertSeveritySchema>;
export type AlertPriorityValue = Static<typeof AlertPrioritySchema>;

/** SCOM's built-in resolution states; 1..246 are custom; < 254 is open. */
export const ALERT_RESOLUTION_STATES = { new: 0, awaitingEvidence: 247, assignedToEngineering: 248, acknowledged: 249, scheduled: 250, resolved: 254, closed: 255 } as const;
export const ALERT_OPEN_BELOW = 254;
export const ResolutionStateSchema = Type.Integer({ minimum: 0, maximum: 255, description: '0 New, 1..246 custom, 247 Awaiting Evidence, 248 Assigned to Engineering, 249 Acknowledged, 250 Scheduled, 254 Resolved, 255 Closed' });

export const AlertSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  severity: AlertSeveritySchema,
  priority: AlertPrioritySchema,
  resolutionState: ResolutionStateSchema,
  resolutionStateName: Type.String(),
  open: Type.Boolean({ description: 'resolution state below 254' }),
  sourceKind: Type.Union([Type.Literal('monitor'), Type.Literal('rule')]),
  sourceId: Type.String({ description: 'the monitor or rule id' }),
  objectId: Type.Union([Type.String(), Type.Null()]),
  objectDisplayName: Type.Union([Type.String(), Type.Null()]),
  objectKey: Type.Union([Type.String(), Type.Null()]),
  classId: Type.Union([Type.String(), Type.Null()]),
  repeatCount: Type.Integer({ minimum: 0 }),
  owner: Type.Union([Type.String(), Type.Null()]),
  ticketId: Type.Union([Type.String(), Type.Null()]),
  raisedAtMs: Type.Integer(),
  lastModifiedAtMs: Type.Integer(),
  resolvedAtMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type AlertView = Static<typeof AlertSchema>;

export const AlertHistoryEntrySchema = Type.Object({
  atMs: Type.Integer(),
  by: Type.String(),
  kind: Type.Union([Type.Literal('raised'), Type.Literal('resolution-state'), Type.Literal('severity'), Type.Literal('repeat'), Type.Literal('owner'), Type.Literal('ticket')]),
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
});
export type AlertHistoryEntryView = Static<typeof AlertHistoryEntrySchema>;

export const AlertDetailSchema = Type.Object({
  ...AlertSchema.properties,
  /** What raised it: the sample, the plugin output, the log line (as the source reported). */
  context: JsonObjectSchema,
  history: Type.Array(AlertHistoryEntrySchema),
  /** Monitor alerts: the monitor's current state on the object (null: rule alert or no state). */
  monitorState: HealthStateOrNullSchema,
});
export type AlertDetail = Static<typeof AlertDetailSchema>;

export const ALERT_SORT_KEYS = ['raisedAtMs', 'lastModifiedAtMs', 'severity', 'priority', 'name', 'resolutionState', 'repeatCount'] as const;
export const AlertListQuerySchema = ListQuerySchema(ALERT_SORT_KEYS, {
  severity: Type.Optional(CommaListSchema(ALERT_SEVERITIES, 'severities')),
  priority: Type.Optional(CommaListSchema(ALERT_PRIORITIES, 'priorities')),
  state: Type.Optional(Type.String({ pattern: '^(open|closed|all|[0-9]{1,3}(,[0-9]{1,3}){0,20})$', description: 'open (default: < 254), closed (>= 254), all, or resolution states (comma-separated numbers)' })),
  objectId: Type.Optional(Type.String({ pattern: IdListPattern, description: 'alerts on these objects (comma-separated ids)' })),
  classId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'alerts on objects of this class or a class derived from it' })),
  groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'alerts on members of this group' })),
  sourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'the raising monitor or rule' })),
  owner: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  ...TimeRangeFilters,
  ...TotalFilter,
});
export type AlertListQuery = Static<typeof AlertListQuerySchema>;
export const AlertPageSchema = CappedPageSchema(AlertSchema);

/** One change to an alert; every field given is applied (state last, so `assign + close` works). */
export const AlertUpdateSchema = Type.Object(
  {
    resolutionState: Type.Optional(ResolutionStateSchema),
    owner: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Null()], { description: 'null = unassign' })),
    ticketId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Null()])),
    comment: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AlertUpdate = Static<typeof AlertUpdateSchema>;

export const AlertBulkUpdateSchema = Type.Object(
  { ids: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: 1000, uniqueItems: true }), update: AlertUpdateSchema },
  { additionalProperties: false },
);
export type AlertBulkUpdate = Static<typeof AlertBulkUpdateSchema>;

export const AlertBulkResultSchema = Type.Object({
  results: Type.Array(Type.Object({
    id: Type.String(),
    ok: Type.Boolean(),
    alert: Type.Optional(AlertSchema),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  })),
  updated: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
});
export type AlertBulkResult = Static<typeof AlertBulkResultSchema>;
