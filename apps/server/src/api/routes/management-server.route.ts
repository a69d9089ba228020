// The group's management servers with a liveness verdict from their last-seen time.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ManagementServerListQuerySchema, ManagementServerPageSchema, type ManagementServer } from '@vigil/protocol';
import type { ManagementServerTable } from '@vigil/store';
import { fetchPage, mapPage } from '../list-query.ts';
import type { RouteDeps } from './route-deps.ts';

/** A running server records itself every 15 s; four missed records make it unresponsive. */
export const SERVER_UNRESPONSIVE_AFTER_MS = 60_000;

function toServer(row: ManagementServerTable, nowMs: number): ManagementServer {
  const state = row.stopped_at !== null ? 'stopped' : nowMs - row.last_seen_at > SERVER_UNRESPONSIVE_AFTER_MS ? 'unresponsive' : 'running';
  return {
    id: row.id, name: row.name, host: row.host, linkPort: row.link_port, apiPort: row.api_port, version: row.version, state,
    startedAtMs: row.started_at, lastSeenAtMs: row.last_seen_at, stoppedAtMs: row.stopped_at,
  };
}

export function managementServerRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  return async (app) => {
    app.get('/management-servers', {
      schema: { tags: ['servers'], summary: 'List management servers', querystring: ManagementServerListQuerySchema, response: { 200: ManagementServerPageSchema } },
      config: { access: { permission: 'servers:read' } },
    }, async (request) => {
      const page = await fetchPage(db.selectFrom('management_server').selectAll(), request.query, {
        sortColumns: { name: 'name', startedAtMs: 'started_at', lastSeenAtMs: 'last_seen_at' }, defaultSort: 'name', tiebreaker: 'id', searchColumns: ['name', 'host'],
      });
      const nowMs = clock.nowMs();
      return mapPage(page, (row) => toServer(row, nowMs));
    });
  };
}
