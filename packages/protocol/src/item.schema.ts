// The data items an agent produces, a union on `kind`. Items travel only inside batches, so they
// share the batch's exactly-once guarantee; an item itself carries no id.
import { Type } from 'typebox';
import { CLOSED, Name, NonNegativeInteger, ObjectKey, ScalarMap, Text, TimestampMs, type Wire } from './common.schema.ts';
import { MAX_DISCOVERY_INSTANCES } from './limits.ts';

export const HealthStateSchema = Type.Union([
  Type.Literal('healthy'),
  Type.Literal('warning'),
  Type.Literal('critical'),
  Type.Literal('unknown'),
]);
export type HealthState = Wire<typeof HealthStateSchema>;

export const PerfItemSchema = Type.Object(
  {
    kind: Type.Literal('perf'),
    objectKey: ObjectKey,
    counter: Name,
    instance: Type.Optional(Name),
    value: Type.Number(),
    timestampMs: TimestampMs,
  },
  CLOSED,
);

export const EventLevelSchema = Type.Union([
  Type.Literal('critical'),
  Type.Literal('error'),
  Type.Literal('warning'),
  Type.Literal('information'),
  Type.Literal('verbose'),
]);

export const EventItemSchema = Type.Object(
  {
    kind: Type.Literal('event'),
    objectKey: ObjectKey,
    eventId: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
    level: EventLevelSchema,
    message: Text,
    timestampMs: TimestampMs,
    data: Type.Optional(ScalarMap),
  },
  CLOSED,
);

export const StateChangeItemSchema = Type.Object(
  {
    kind: Type.Literal('state-change'),
    objectKey: ObjectKey,
    monitorId: Name,
    fromState: HealthStateSchema,
    toState: HealthStateSchema,
    timestampMs: TimestampMs,
    /** What made the monitor change (sample values, plugin output): shown in health explorer. */
    context: ScalarMap,
  },
  CLOSED,
);

/** Which workflow raised an alert: monitor alerts auto-resolve on healthy, rule alerts repeat-count. */
export const AlertOriginSchema = Type.Union([
  Type.Object({ kind: Type.Literal('rule'), ruleId: Name }, CLOSED),
  Type.Object({ kind: Type.Literal('monitor'), monitorId: Name }, CLOSED),
]);

export const AlertItemSchema = Type.Object(
  {
    kind: Type.Literal('alert'),
    objectKey: ObjectKey,
    origin: AlertOriginSchema,
    severity: Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('information')]),
    priority: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]),
    name: Name,
    description: Text,
    timestampMs: TimestampMs,
    /** Rule alerts with the same key on the same object increment a repeat count instead of a new alert. */
    suppressionKey: Type.Optional(Name),
  },
  CLOSED,
);

export const DiscoveredInstanceSchema = Type.Object(
  { classId: Name, key: ObjectKey, properties: ScalarMap, hostKey: Type.Optional(ObjectKey) },
  CLOSED,
);

export const DiscoveryItemSchema = Type.Object(
  {
    kind: Type.Literal('discovery'),
    discoveryId: Name,
    /**
     * The object the discovery ran against. `instances` is the complete set found for it (a
     * snapshot): the MS removes instances this discovery found for this target before but not now.
     */
    targetKey: ObjectKey,
    instances: Type.Array(DiscoveredInstanceSchema, { maxItems: MAX_DISCOVERY_INSTANCES }),
    timestampMs: TimestampMs,
  },
  CLOSED,
);

/** The agent's own health: the send-queue monitor (warning ≥ 50 %, critical ≥ 60 %) and counted loss. */
export const AgentHealthItemSchema = Type.Object(
  {
    kind: Type.Literal('agent-health'),
    timestampMs: TimestampMs,
    sendQueueBytes: NonNegativeInteger,
    quotaBytes: NonNegativeInteger,
    sendQueuePercent: Type.Number({ minimum: 0 }),
    sendQueueState: Type.Union([Type.Literal('healthy'), Type.Literal('warning'), Type.Literal('critical')]),
    /** Items refused since the spool was created because the quota was full (cumulative). */
    droppedItemsTotal: NonNegativeInteger,
    /** Timestamp of the oldest unsent item, when there is one: how far behind the MS is. */
    oldestPendingMs: Type.Optional(TimestampMs),
  },
  CLOSED,
);

export const ITEM_SCHEMAS = {
  perf: PerfItemSchema,
  event: EventItemSchema,
  'state-change': StateChangeItemSchema,
  alert: AlertItemSchema,
  discovery: DiscoveryItemSchema,
  'agent-health': AgentHealthItemSchema,
} as const;

export const ItemSchema = Type.Union([
  PerfItemSchema,
  EventItemSchema,
  StateChangeItemSchema,
  AlertItemSchema,
  DiscoveryItemSchema,
  AgentHealthItemSchema,
]);
export type Item = Wire<typeof ItemSchema>;
export type ItemKind = Item['kind'];
export type PerfItem = Wire<typeof PerfItemSchema>;
export type EventItem = Wire<typeof EventItemSchema>;
export type StateChangeItem = Wire<typeof StateChangeItemSchema>;
export type AlertItem = Wire<typeof AlertItemSchema>;
export type DiscoveryItem = Wire<typeof DiscoveryItemSchema>;
export type AgentHealthItem = Wire<typeof AgentHealthItemSchema>;
