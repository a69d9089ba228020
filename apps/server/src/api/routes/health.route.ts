// GET /api/v1/health: unauthenticated liveness for load balancers and `vigil up`'s users:
// the group's name, the version, and the state of each role in this process.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiContext } from '../api-context.ts';

const RoleStatusSchema = Type.Object({
  state: Type.Union([Type.Literal('starting'), Type.Literal('running'), Type.Literal('degraded'), Type.Literal('stopping'), Type.Literal('stopped')]),
  endpoint: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
});

export const HealthResponseSchema = Type.Object({
  status: Type.Union([Type.Literal('healthy'), Type.Literal('degraded')]),
  group: Type.Object({ id: Type.String(), name: Type.String() }),
  server: Type.Object({ id: Type.String(), name: Type.String() }),
  version: Type.String(),
  database: Type.Object({ reachable: Type.Boolean(), latencyMs: Type.Number() }),
  roles: Type.Record(Type.String(), RoleStatusSchema),
  timeMs: Type.Number(),
});

export function healthRoute(context: ApiContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/health', { schema: { tags: ['system'], summary: 'Liveness and role states', response: { 200: HealthResponseSchema } }, config: { access: { public: true } } }, async () => {
      const started = context.clock.monotonicMs();
      const reachable = await context.db
        .selectFrom('management_group')
        .select('id')
        .executeTakeFirst()
        .then(() => true, () => false);
      const roles = context.roles.snapshot();
      return {
        status: reachable ? context.roles.overall() : ('degraded' as const),
        group: context.group,
        server: context.server,
        version: context.version,
        database: { reachable, latencyMs: Math.round((context.clock.monotonicMs() - started) * 100) / 100 },
        roles,
        timeMs: context.clock.nowMs(),
      };
    });
  };
}
