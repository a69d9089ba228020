// Resource pool administration: create a manual pool, add and remove member servers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PoolCreateSchema, PoolMemberAddSchema, PoolMemberParamsSchema, PoolNameParamsSchema } from '@vigil/protocol';
import { addMember, createPool, removeMember } from '../../pool/pool-admin.service.ts';
import type { RouteDeps } from './route-deps.ts';

export function poolAdminRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  return async (app) => {
    app.post('/pools', {
      schema: { tags: ['pools'], summary: 'Create a manual resource pool', body: PoolCreateSchema },
      config: { access: { permission: 'pools:manage' }, audit: { action: 'pool.create', targetKind: 'pool' } },
    }, async (request, reply) => {
      const id = await createPool(db, request.body.name, clock.nowMs());
      request.auditNote = { targetId: request.body.name, detail: { id } };
      return reply.status(201).send({ id, name: request.body.name });
    });

    app.post('/pools/:name/members', {
      schema: { tags: ['pools'], summary: 'Add a management server to a pool', params: PoolNameParamsSchema, body: PoolMemberAddSchema },
      config: { access: { permission: 'pools:manage' }, audit: { action: 'pool.add-member', targetKind: 'pool', targetParam: 'name' } },
    }, async (request) => {
      await addMember(db, request.params.name, request.body.server, clock.nowMs());
      request.auditNote = { detail: { server: request.body.server } };
      return { ok: true };
    });

    app.delete('/pools/:name/members/:server', {
      schema: { tags: ['pools'], summary: 'Remove a management server from a pool', params: PoolMemberParamsSchema },
      config: { access: { permission: 'pools:manage' }, audit: { action: 'pool.remove-member', targetKind: 'pool', targetParam: 'name' } },
    }, async (request, reply) => {
      await removeMember(db, request.params.name, request.params.server);
      request.auditNote = { detail: { server: request.params.server } };
      return reply.status(204).send();
    });
  };
}
