// A signed-in user's API tokens for scripts. Each user sees and revokes their own; a user who
// may manage users may also revoke anyone's (e.g. after a leak).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError } from '@vigil/core';
import { ApiTokenCreateSchema, ApiTokenCreatedSchema, ApiTokenIdParamsSchema, ApiTokenListQuerySchema, ApiTokenPageSchema, type ApiToken } from '@vigil/protocol';
import { createApiToken } from '../../auth/api-token-store.ts';
import { callerOf } from '../access-control.ts';
import { fetchPage, mapPage } from '../list-query.ts';
import type { RouteDeps } from './route-deps.ts';

const DAY_MS = 86_400_000;

interface TokenRow {
  id: string;
  name: string;
  user_name: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

function toApiToken(row: TokenRow): ApiToken {
  return { id: row.id, name: row.name, userName: row.user_name, createdAtMs: row.created_at, expiresAtMs: row.expires_at, lastUsedAtMs: row.last_used_at };
}

export function apiTokenRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock } = context;
  const tokens = () =>
    db.selectFrom('api_token').innerJoin('app_user', 'app_user.id', 'api_token.user_id')
      .select(['api_token.id', 'api_token.name', 'app_user.name as user_name', 'api_token.created_at', 'api_token.expires_at', 'api_token.last_used_at']);
  return async (app) => {
    app.get('/tokens', {
      schema: { tags: ['tokens'], summary: 'List your API tokens', querystring: ApiTokenListQuerySchema, response: { 200: ApiTokenPageSchema } },
      config: { access: { signedIn: true } },
    }, async (request) => {
      const page = await fetchPage(tokens().where('api_token.user_id', '=', callerOf(request).userId), request.query, {
        sortColumns: { name: 'api_token.name', createdAtMs: 'api_token.created_at' }, defaultSort: '-createdAtMs', tiebreaker: 'api_token.id', searchColumns: ['api_token.name'],
      });
      return mapPage(page, toApiToken);
    });

    app.post('/tokens', {
      schema: { tags: ['tokens'], summary: 'Create an API token acting as you (the secret is shown once)', body: ApiTokenCreateSchema, response: { 201: ApiTokenCreatedSchema } },
      config: { access: { signedIn: true }, audit: { action: 'token.create', targetKind: 'api-token' } },
    }, async (request, reply) => {
      const caller = callerOf(request);
      const nowMs = clock.nowMs();
      const expiresAtMs = request.body.expiresInDays === undefined ? null : nowMs + request.body.expiresInDays * DAY_MS;
      const created = await createApiToken(db, { userId: caller.userId, name: request.body.name, nowMs, expiresAtMs });
      request.auditNote = { targetId: created.id, detail: { name: request.body.name, expiresAtMs } };
      const row = await tokens().where('api_token.id', '=', created.id).executeTakeFirstOrThrow();
      return reply.status(201).send({ ...toApiToken(row), token: created.secret });
    });

    app.delete('/tokens/:id', {
      schema: { tags: ['tokens'], summary: 'Revoke an API token', params: ApiTokenIdParamsSchema, response: { 204: { type: 'null' } } },
      config: { access: { signedIn: true }, audit: { action: 'token.revoke', targetKind: 'api-token', targetParam: 'id' } },
    }, async (request, reply) => {
      const caller = callerOf(request);
      const row = await db.selectFrom('api_token').select(['id', 'user_id']).where('id', '=', request.params.id).executeTakeFirst();
      // Someone else's token is "not found" unless you may manage users: ids do not leak.
      if (!row || (row.user_id !== caller.userId && !caller.permissions.has('users:manage'))) throw new VigilError('NOT_FOUND', { what: 'API token', id: request.params.id });
      await db.deleteFrom('api_token').where('id', '=', row.id).execute();
      return reply.status(204).send(null);
    });
  };
}
