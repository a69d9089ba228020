// The SDK API (port 5724): every console and script goes through it; none touches a database.
// HTTPS with the server's group certificate by default; plain HTTP only on loopback (checked
// by the configuration). Routes are TypeBox-typed; the OpenAPI document is generated from them.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { VigilError } from '@vigil/core';
import type { Identity } from '@vigil/pki';
import type { ApiContext } from './api-context.ts';
import { installErrorHandler } from './error-handler.ts';
import { healthRoute } from './routes/health.route.ts';
import { installAccessControl } from './access-control.ts';
import { installAuditTrail } from './audit-trail.ts';
import { createScopeFilter } from '../auth/scope-filter.ts';
import { createStoreGroupMembership } from '../auth/store-group-membership.ts';
import { loadPackLibrary } from '../packs/pack-library.ts';
import { createLoginRateLimiter } from '../auth/login-rate-limiter.ts';
import { ensureFirstAdministrator } from '../auth/admin-bootstrap.ts';
import type { RouteDeps } from './routes/route-deps.ts';
import { authRoutes } from './routes/auth.route.ts';
import { userRoutes } from './routes/user.route.ts';
import { roleRoutes } from './routes/role.route.ts';
import { apiTokenRoutes } from './routes/api-token.route.ts';
import { auditRoutes } from './routes/audit.route.ts';
import { managementServerRoutes } from './routes/management-server.route.ts';
import { poolRoutes } from './routes/pool.route.ts';
import { agentRoutes } from './routes/agent.route.ts';
import { groupSettingsRoutes } from './routes/group-settings.route.ts';
import { joinTokenRoutes } from './routes/join-token.route.ts';
import { alertRoutes } from './routes/alert.route.ts';
import { objectRoutes } from './routes/object.route.ts';
import { perfRoutes } from './routes/perf.route.ts';
import { eventRoutes } from './routes/event.route.ts';
import { stateChangeRoutes } from './routes/state-change.route.ts';
import { liveRoutes } from './routes/live.route.ts';
import { packRoutes } from './routes/pack.route.ts';
import { overrideRoutes } from './routes/override.route.ts';
import { maintenanceRoutes } from './routes/maintenance.route.ts';
import { monitoringGroupRoutes } from './routes/monitoring-group.route.ts';
import { taskRoutes } from './routes/task.route.ts';
import { gatewayRoutes } from './routes/gateway.route.ts';
import { poolAdminRoutes } from './routes/pool-admin.route.ts';
import { serveConsole } from './console-static.ts';

export const API_PREFIX = '/api/v1';
/** Request bodies above this are refused before parsing. */
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface ApiServerOptions {
  readonly host: string;
  readonly port: number;
  /** Present = HTTPS with this identity. */
  readonly tls?: Identity;
}

export interface ApiServer {
  readonly app: FastifyInstance;
  /** e.g. https://127.0.0.1:5724 */
  readonly url: string;
  close(): Promise<void>;
}

export async function buildApi(context: ApiContext, options: Pick<ApiServerOptions, 'tls'>): Promise<FastifyInstance> {
  // HTTP and HTTPS servers differ only in their raw server type; routes see the same instance.
  const app = (Fastify({
    // Per-request lines (info) would dominate the log at fleet scale; the audit log records writes.
    loggerInstance: context.logger.child({ component: 'api' }, { level: 'warn' }),
    bodyLimit: BODY_LIMIT_BYTES,
    ...(options.tls ? { https: { cert: options.tls.certPem, key: options.tls.privateKeyPem, minVersion: 'TLSv1.2' as const } } : {}),
  }) as unknown as FastifyInstance).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  await app.register(cookie);
  installAccessControl(app, { db: context.db, clock: context.clock });
  installAuditTrail(app, { db: context.db, clock: context.clock });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Vigil SDK API', version: context.version },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (vgt_…) or CLI session (vgs_…)' },
          session: { type: 'apiKey', in: 'cookie', name: '__Host-vigil-session', description: 'console session; unsafe methods also need X-CSRF-Token' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  const deps: RouteDeps = {
    context,
    scope: createScopeFilter(context.groupMembership ?? createStoreGroupMembership(context.db)),
    loginLimiter: createLoginRateLimiter(context.clock, context.loginRateLimit),
    packs: context.packs ?? (await loadPackLibrary(context.db, context.logger)),
  };
  await app.register(
    async (api) => {
      await api.register(healthRoute(context));
      api.get('/openapi.json', { schema: { hide: true }, config: { access: { public: true } } }, async () => app.swagger());
      for (const routes of [
        authRoutes, userRoutes, roleRoutes, apiTokenRoutes, auditRoutes, managementServerRoutes, poolRoutes, agentRoutes, groupSettingsRoutes, joinTokenRoutes,
        alertRoutes, objectRoutes, perfRoutes, eventRoutes, stateChangeRoutes, liveRoutes,
        packRoutes, overrideRoutes, maintenanceRoutes, monitoringGroupRoutes, taskRoutes, gatewayRoutes, poolAdminRoutes,
      ]) {
        await api.register(routes(deps));
      }
    },
    { prefix: API_PREFIX },
  );
  return app;
}

export async function startApi(context: ApiContext, options: ApiServerOptions): Promise<ApiServer> {
  await ensureFirstAdministrator(context.db, context.dataDir, context);
  const app = await buildApi(context, options);
  await serveConsole(app);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new VigilError('PORT_IN_USE', { port: options.port, host: options.host, flag: '--api-port' }, { cause: error });
    }
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, url: `${options.tls ? 'https' : 'http'}://${host}:${port}`, close: () => app.close() };
}
