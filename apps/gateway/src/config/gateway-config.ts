// The gateway's configuration (core's loadConfig precedence: flags > VIGIL_* environment > the
// `gateway` section of <dataDir>/vigil.yaml > defaults). Exactly one way to reach the management
// servers: dial them (`server` [+ `failover`]), or — DMZ mode, SCOM's "management server initiates
// the connection" — only listen on `upstreamListen` and let the MSs (config gatewayDial) dial in.
import { Type, type Static } from 'typebox';
import { loadConfig, type ConfigDefinition, type ConfigSources } from '@vigil/core/config';
import { VigilError } from '@vigil/core/errors';
import { parseJoinToken } from '@vigil/pki';
import { parseAddress, parseAddressList } from '../link/address.ts';

const Ms = (fallback: number, minimum: number, maximum: number) =>
  Type.Integer({ minimum, maximum, default: fallback, description: `milliseconds from ${minimum} to ${maximum} (default ${fallback})` });

export const GatewayConfigSchema = Type.Object({
  dataDir: Type.String({ minLength: 1, default: './vigil-gateway-data', description: 'a folder path' }),
  /** Primary management server (or upstream gateway, for a chain), HOST:PORT. */
  server: Type.Optional(Type.String({ minLength: 1, description: 'HOST:PORT of the primary management server' })),
  failover: Type.Optional(Type.String({ description: 'a comma-separated list of HOST:PORT' })),
  /** Where agents (and chained gateways) link to this gateway. */
  listen: Type.String({ minLength: 1, default: '0.0.0.0:5723', description: 'HOST:PORT to listen on for agents' }),
  /** DMZ mode: listen here for management servers that dial this gateway; no `server` then. */
  upstreamListen: Type.Optional(Type.String({ minLength: 1, description: 'HOST:PORT to listen on for management servers' })),
  /** Names agents (and dialing MSs) use for this gateway: written into its certificate request. */
  advertisedNames: Type.Optional(Type.String({ minLength: 1, description: 'comma-separated host names or IP addresses' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'letters, digits, dot, dash, underscore (up to 64)' })),
  joinToken: Type.Optional(Type.String({ minLength: 1, description: 'a token printed by `vigil agent token create`' })),
  caFile: Type.Optional(Type.String({ minLength: 1, description: 'a PEM file path' })),
  spoolQuotaBytes: Type.Integer({ minimum: 1024 * 1024, maximum: Number.MAX_SAFE_INTEGER, default: 4 * 1024 * 1024 * 1024, description: 'bytes, at least 1 MiB (default 4 GiB)' }),
  /** Agents linked at once (SCOM: 2,000 per gateway); beyond it new agents are refused and fail over. */
  maxAgents: Type.Integer({ minimum: 1, maximum: 100_000, default: 2000, description: 'agents from 1 to 100000 (default 2000)' }),
  /** Relayed batches sent upstream and not yet acknowledged. */
  maxInFlightBatches: Type.Integer({ minimum: 1, maximum: 1024, default: 64, description: 'batches from 1 to 1024 (default 64)' }),
  /** permessage-deflate on the upstream link (and for chained gateways below this one). */
  compression: Type.Union([Type.Literal('deflate'), Type.Literal('off')], { default: 'deflate' }),
  healthIntervalMs: Ms(60_000, 100, 3_600_000),
  heartbeatIntervalMs: Ms(60_000, 100, 3_600_000),
  connectTimeoutMs: Ms(10_000, 100, 600_000),
  reconnectInitialMs: Ms(250, 10, 600_000),
  reconnectMaxMs: Ms(5000, 10, 600_000),
  primaryProbeIntervalMs: Ms(30_000, 100, 3_600_000),
  enrollRetryMs: Ms(60_000, 100, 86_400_000),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
});

export type GatewayConfig = Static<typeof GatewayConfigSchema>;

export const gatewayConfigDefinition: ConfigDefinition<typeof GatewayConfigSchema> = {
  role: 'gateway',
  schema: GatewayConfigSchema,
  refine(config) {
    if ((config.server === undefined) === (config.upstreamListen === undefined)) {
      return { key: 'server', problem: config.server === undefined ? 'is missing' : 'is given together with upstreamListen', allowed: '--server HOST:PORT (the gateway dials), or --upstream-listen HOST:PORT (management servers dial the gateway), not both' };
    }
    try {
      if (config.server !== undefined) parseAddress(config.server, 'server');
      parseAddressList(config.failover, 'failover');
      parseAddress(config.listen, 'listen');
      if (config.upstreamListen !== undefined) parseAddress(config.upstreamListen, 'upstreamListen');
    } catch (error) {
      const details = error instanceof VigilError ? error.details : {};
      return { key: String(details.key ?? 'server'), problem: String(details.problem ?? 'is not valid'), allowed: 'HOST:PORT, e.g. ms1.example.com:5723' };
    }
    if (config.joinToken !== undefined) {
      try {
        parseJoinToken(config.joinToken);
      } catch {
        return { key: 'joinToken', problem: 'is malformed', allowed: 'a token as printed by `vigil agent token create`' };
      }
    }
    return undefined;
  },
};

export function loadGatewayConfig(sources: ConfigSources): GatewayConfig {
  return loadConfig(gatewayConfigDefinition, sources);
}
