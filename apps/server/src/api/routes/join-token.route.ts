// One-time join tokens for installing agents that are approved on first contact. The token text
// (with the CA fingerprint the agent pins) is returned once; only its hash is stored. Revoking
// deletes the row, so the link endpoint no longer finds the hash.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { VigilError } from '@vigil/core';
import { certificateFingerprintSha256, createJoinToken, joinTokenHash } from '@vigil/pki';
import { JoinTokenCreateSchema, JoinTokenCreatedSchema, JoinTokenIdParamsSchema, JoinTokenListQuerySchema, JoinTokenPageSchema, type JoinTokenInfo } from '@vigil/protocol';
import type { JoinTokenTable } from '@vigil/store';
import { fetchPage, mapPage } from '../list-query.ts';
import type { RouteDeps } from './route-deps.ts';

const HOUR_MS = 3_600_000;

function toJoinToken(row: JoinTokenTable, nowMs: number): JoinTokenInfo {
  const state = row.used_at !== null ? 'used' : row.expires_at <= nowMs ? 'expired' : 'active';
  return { id: row.id, state, createdAtMs: row.created_at, expiresAtMs: row.expires_at, usedAtMs: row.used_at, usedBy: row.used_by };
}

export function joinTokenRoutes({ context }: RouteDeps): FastifyPluginAsyncTypebox {
  const { db, clock, ca } = context;
  return async (app) => {
    app.get('/join-tokens', {
      schema: { tags: ['agents'], summary: 'List join tokens (never their secrets)', querystring: JoinTokenListQuerySchema, response: { 200: JoinTokenPageSchema } },
      config: { access: { permission: 'join-tokens:manage' } },
    }, async (request) => {
      const nowMs = clock.nowMs();
      let query = db.selectFrom('join_token').selectAll();
      if (request.query.state === 'used') query = query.where('used_at', 'is not', null);
      if (request.query.state === 'active') query = query.where('used_at', 'is', null).where('expires_at', '>', nowMs);
      if (request.query.state === 'expired') query = query.where('used_at', 'is', null).where('expires_at', '<=', nowMs);
      const page = await fetchPage(query, request.query, {
        sortColumns: { createdAtMs: 'created_at', expiresAtMs: 'expires_at' }, defaultSort: '-createdAtMs', tiebreaker: 'id', searchColumns: ['id', 'used_by'],
      });
      return mapPage(page, (row) => toJoinToken(row, nowMs));
    });

    app.post('/join-tokens', {
      schema: { tags: ['agents'], summary: 'Create a one-time join token (shown once)', body: JoinTokenCreateSchema, response: { 201: JoinTokenCreatedSchema } },
      config: { access: { permission: 'join-tokens:manage' }, audit: { action: 'join-token.create', targetKind: 'join-token' } },
    }, async (request, reply) => {
      const nowMs = clock.nowMs();
      const { token, parsed } = createJoinToken(certificateFingerprintSha256(ca.certPem));
      const row: JoinTokenTable = { id: parsed.id, token_hash: joinTokenHash(parsed), created_at: nowMs, expires_at: nowMs + (request.body.expiresInHours ?? 24) * HOUR_MS, used_at: null, used_by: null };
      await db.insertInto('join_token').values(row).execute();
      request.auditNote = { targetId: row.id, detail: { expiresAtMs: row.expires_at } };
      return reply.status(201).send({ ...toJoinToken(row, nowMs), token });
    });

    app.delete('/join-tokens/:id', {
      schema: { tags: ['agents'], summary: 'Revoke a join token', params: JoinTokenIdParamsSchema, response: { 204: { type: 'null' } } },
      config: { access: { permission: 'join-tokens:manage' }, audit: { action: 'join-token.revoke', targetKind: 'join-token', targetParam: 'id' } },
    }, async (request, reply) => {
      const result = await db.deleteFrom('join_token').where('id', '=', request.params.id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new VigilError('NOT_FOUND', { what: 'Join token', id: request.params.id });
      return reply.status(204).send(null);
    });
  };
}
