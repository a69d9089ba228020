// Resource pools with their members and each member's lease (live = holds a valid lease now).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError } from '@vigil/core';
import { PoolListQuerySchema, PoolNameParamsSchema, PoolPageSchema, PoolSchema, type Pool } from '@vigil/protocol';
import type { Database, PoolKind } from '@vigil/store';
import { fetchPage } from '../list-query.ts';
import type { RouteDeps } from './route-deps.ts';

interface PoolRow {
  id: string;
  name: string;
  kind: PoolKind;
  created_at: number;
}

async function withMembers(db: Database, pools: readonly PoolRow[], nowMs: number): Promise<Pool[]> {
  if (pools.length === 0) return [];
  const members = await db
    .selectFrom('pool_member')
    .innerJoin('management_server', 'management_server.id', 'pool_member.server_id')
    .leftJoin('pool_lease', (join) => join.onRef('pool_lease.pool_id', '=', 'pool_member.pool_id').onRef('pool_lease.server_id', '=', 'pool_member.server_id'))
    .select(['pool_member.pool_id', 'pool_member.server_id', 'pool_member.added_at', 'management_server.name', 'pool_lease.expires_at'])
    .where('pool_member.pool_id', 'in', pools.map((p) => p.id))
    .orderBy('management_server.name')
    .execute();
  return pools.map((pool) => ({
    id: pool.id, name: pool.name, kind: pool.kind, createdAtMs: pool.created_at,
    members: members.filter((m) => m.pool_id === pool.id).map((m) => ({
      serverId: m.server_id, serverName: m.name, addedAtMs: m.added_at, leaseExpiresAtMs: m.expires_at ?? null, live: m.expires_at != null && m.expires_at > nowMs,
    })),
  }));
}

export function poolRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  return async (app) => {
    app.get('/pools', {
      schema: { tags: ['pools'], summary: 'List resource pools and their members', querystring: PoolListQuerySchema, response: { 200: PoolPageSchema } },
      config: { access: { permission: 'pools:read' } },
    }, async (request) => {
      const page = await fetchPage(db.selectFrom('resource_pool').select(['id', 'name', 'kind', 'created_at']), request.query, {
        sortColumns: { name: 'name', createdAtMs: 'created_at' }, defaultSort: 'name', tiebreaker: 'id', searchColumns: ['name'],
      });
      return { ...page, items: await withMembers(db, page.items, clock.nowMs()) };
    });

    app.get('/pools/:name', {
      schema: { tags: ['pools'], summary: 'One resource pool', params: PoolNameParamsSchema, response: { 200: PoolSchema } },
      config: { access: { permission: 'pools:read' } },
    }, async (request) => {
      const row = await db.selectFrom('resource_pool').select(['id', 'name', 'kind', 'created_at']).where('name', '=', request.params.name).executeTakeFirst();
      if (!row) throw new VigilError('NOT_FOUND', { what: 'Resource pool', id: request.params.name });
      return (await withMembers(db, [row], clock.nowMs()))[0]!;
    });
  };
}
