// The live feed (GET /api/v1/live): Server-Sent Events of committed changes in the caller's scope.
// Each SSE message has `event: <kind>` and `data: <JSON of LiveEvent>`; a heartbeat arrives every
// LIVE_HEARTBEAT_MS so clients (and proxies) know the stream is alive. Clients re-read the lists
// they show when they reconnect: the feed carries changes, not history.
import { Type, type Static } from 'typebox';
import { AlertSchema } from './alert.schema.ts';
import { HealthStateSchema } from '../item.schema.ts';

export const LIVE_HEARTBEAT_MS = 15_000;
export const LIVE_PATH = '/api/v1/live';

export const LiveEventSchema = Type.Union([
  Type.Object({ kind: Type.Literal('hello'), atMs: Type.Integer(), heartbeatMs: Type.Integer() }),
  Type.Object({ kind: Type.Literal('heartbeat'), atMs: Type.Integer() }),
  Type.Object({
    kind: Type.Literal('state-change'),
    objectId: Type.String(),
    objectDisplayName: Type.Union([Type.String(), Type.Null()]),
    monitorId: Type.String(),
    from: HealthStateSchema,
    to: HealthStateSchema,
    atMs: Type.Integer(),
  }),
  Type.Object({
    kind: Type.Literal('alert'),
    change: Type.Union([Type.Literal('raised'), Type.Literal('updated'), Type.Literal('resolved')]),
    alertId: Type.String(),
    objectId: Type.Union([Type.String(), Type.Null()]),
    /** The alert as it is after the change (null if it was deleted meanwhile). */
    alert: Type.Union([AlertSchema, Type.Null()]),
  }),
]);
export type LiveEvent = Static<typeof LiveEventSchema>;
export type LiveEventKind = LiveEvent['kind'];

export const LiveQuerySchema = Type.Object(
  {
    kinds: Type.Optional(Type.String({ pattern: '^(state-change|alert)(,(state-change|alert))?$', description: 'only these kinds (default both)' })),
    maxEvents: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'end the stream after this many events, hello and heartbeats included (scripts)' })),
  },
  { additionalProperties: false },
);
export type LiveQuery = Static<typeof LiveQuerySchema>;
