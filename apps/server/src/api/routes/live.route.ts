// The live feed: Server-Sent Events of committed monitoring changes (state changes; alerts
// raised, updated, resolved) from the server's change feed, limited to the caller's scope, with
// a heartbeat every 15 s. Works with cookie sessions (EventSource sends cookies) and bearer
// tokens alike: the access hook has authenticated the request before the stream opens.
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LIVE_HEARTBEAT_MS, LiveQuerySchema, type LiveEvent } from '@vigil/protocol';
import type { Database } from '@vigil/store';
import { callerOf } from '../access-control.ts';
import { objectScopeCondition, type ObjectScope } from '../../auth/scope-filter.ts';
import { findAlertRow, toAlertView } from '../queries/alert-view.query.ts';
import type { IngestEffects } from '../../ingest/ingest-context.ts';
import type { RouteDeps } from './route-deps.ts';

/** The feed's events for one batch of committed changes, as `scope` may see them. */
async function eventsFor(db: Database, effects: IngestEffects, scope: ObjectScope, kinds: ReadonlySet<string>): Promise<LiveEvent[]> {
  const objectIds = [...new Set([...effects.stateChanges.map((c) => c.objectId as string), ...effects.alertChanges.flatMap((c) => (c.objectId ? [c.objectId as string] : []))])];
  const names = new Map<string, string>();
  if (objectIds.length > 0) {
    const rows = await db.selectFrom('monitoring_object').select(['id', 'display_name']).where('id', 'in', objectIds).where(objectScopeCondition('monitoring_object.id', scope)).execute();
    for (const r of rows) names.set(r.id, r.display_name);
  }
  const visible = (objectId: string | null): boolean => (objectId === null ? scope.kind === 'all' : names.has(objectId));
  const events: LiveEvent[] = [];
  if (kinds.has('state-change')) {
    for (const c of effects.stateChanges) {
      if (visible(c.objectId)) events.push({ kind: 'state-change', objectId: c.objectId, objectDisplayName: names.get(c.objectId) ?? null, monitorId: c.monitorId, from: c.from, to: c.to, atMs: c.atMs });
    }
  }
  if (kinds.has('alert')) {
    for (const c of effects.alertChanges) {
      if (!visible(c.objectId)) continue;
      const row = await findAlertRow(db, c.alertId);
      events.push({ kind: 'alert', change: c.change, alertId: c.alertId, objectId: c.objectId, alert: row ? toAlertView(row) : null });
    }
  }
  return events;
}

export function liveRoutes({ context, scope }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock, changes } = context;
  const heartbeatMs = context.liveHeartbeatMs ?? LIVE_HEARTBEAT_MS;
  const open = new Set<ServerResponse>();
  return async (app) => {
    // Streams never go idle: end them before the server waits for its connections to close.
    app.addHook('preClose', async () => {
      for (const stream of open) stream.end();
    });

    app.get('/live', {
      schema: { tags: ['live'], summary: 'Server-Sent Events: state changes and alert changes in your scope; heartbeat every 15 s', querystring: LiveQuerySchema },
      config: { access: { permission: 'monitoring:read' } },
    }, async (request, reply) => {
      const objectScope = await scope.objects(callerOf(request), 'monitoring:read');
      const kinds = new Set(request.query.kinds ? request.query.kinds.split(',') : ['state-change', 'alert']);
      reply.hijack();
      const stream = reply.raw;
      stream.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      open.add(stream);
      let seq = 0;
      const maxEvents = request.query.maxEvents ?? Number.POSITIVE_INFINITY;
      const send = (event: LiveEvent): void => {
        if (stream.writableEnded) return;
        stream.write(`id: ${++seq}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
        if (seq >= maxEvents) stream.end();
      };
      send({ kind: 'hello', atMs: clock.nowMs(), heartbeatMs });
      const heartbeat = setInterval(() => send({ kind: 'heartbeat', atMs: clock.nowMs() }), heartbeatMs);
      // Deliveries stay in commit order: each waits for the previous one's lookups.
      let delivering = Promise.resolve();
      const unsubscribe = changes?.subscribe((effects) => {
        delivering = delivering
          .then(async () => {
            if (stream.writableEnded) return;
            for (const event of await eventsFor(db, effects, objectScope, kinds)) send(event);
          })
          .catch((err: unknown) => request.log.warn({ err }, 'could not deliver a live feed change'));
      });
      const stop = (): void => {
        clearInterval(heartbeat);
        unsubscribe?.();
        open.delete(stream);
      };
      stream.on('close', stop);
      stream.on('finish', stop);
    });
  };
}
