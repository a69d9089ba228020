// The agent's configuration (see core's loadConfig for precedence: flags > VIGIL_* environment >
// the `agent` section of <dataDir>/vigil.yaml > defaults). Cross-field and format rules are
// checked here, so a bad --server or join token stops start-up with one clear line.
import { Type, type Static } from 'typebox';
import { VigilError } from '@vigil/core/errors';
import { loadConfig, type ConfigDefinition, type ConfigSources } from '@vigil/core/config';
import { parseJoinToken } from '@vigil/pki';
import { parseServerAddress, parseServerList } from '../link/server-address.ts';

const Seconds = (fallback: number, minimum: number, maximum: number) =>
  Type.Integer({ minimum, maximum, default: fallback, description: `seconds from ${minimum} to ${maximum} (default ${fallback})` });

export const AgentConfigSchema = Type.Object({
  /** Holds the identity (key, certificate), spool, state files and logs. */
  dataDir: Type.String({ minLength: 1, default: './vigil-agent-data', description: 'a folder path' }),
  /** The primary management server (or gateway), HOST:PORT. */
  server: Type.String({ minLength: 1, description: 'HOST:PORT of the primary management server, e.g. ms1.example.com:5723' }),
  /** Further servers in failover order, comma-separated HOST:PORT. */
  failover: Type.Optional(Type.String({ description: 'a comma-separated list of HOST:PORT' })),
  /** One-time join token from `vigil agent token create`: approves the agent and pins the CA. */
  joinToken: Type.Optional(Type.String({ minLength: 1, description: 'a token printed by `vigil agent token create`' })),
  /** The group CA certificate (PEM file), when not pinned by a join token nor trusted on first use. */
  caFile: Type.Optional(Type.String({ minLength: 1, description: 'a PEM file path' })),
  /** This agent's name in the group; default the host name. */
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'letters, digits, dot, dash, underscore (up to 64)' })),
  /** Used until a management server's welcome sets the interval. */
  heartbeatIntervalSeconds: Seconds(60, 1, 3600),
  spoolQuotaBytes: Type.Integer({ minimum: 1024 * 1024, maximum: Number.MAX_SAFE_INTEGER, default: 1024 * 1024 * 1024, description: 'bytes, at least 1 MiB (default 1 GiB)' }),
  maxInFlightBatches: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'batches from 1 to 64 (default 4)' }),
  batchMaxItems: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000, description: 'items from 1 to 10000 (default 1000)' }),
  /** How often the agent's own health (send queue, dropped items) is spooled as an agent-health item. */
  healthReportIntervalSeconds: Seconds(60, 5, 3600),
  primaryProbeIntervalSeconds: Seconds(30, 1, 3600),
  pendingRetryMaxSeconds: Seconds(300, 1, 3600),
  rejectedRetrySeconds: Seconds(1800, 1, 86_400),
  refusedRetrySeconds: Seconds(300, 1, 86_400),
  logLevel: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    { default: 'info' },
  ),
});

export type AgentConfig = Static<typeof AgentConfigSchema>;

export const agentConfigDefinition: ConfigDefinition<typeof AgentConfigSchema> = {
  role: 'agent',
  schema: AgentConfigSchema,
  refine(config) {
    try {
      parseServerAddress(config.server, 'server');
      parseServerList(config.failover, 'failover');
    } catch (error) {
      const details = error instanceof VigilError ? error.details : {};
      return { key: String(details.key ?? 'server'), problem: String(details.problem ?? 'is not valid'), allowed: 'HOST:PORT, e.g. ms1.example.com:5723' };
    }
    if (config.joinToken !== undefined) {
      try {
        parseJoinToken(config.joinToken);
      } catch {
        return { key: 'joinToken', problem: 'is malformed', allowed: '<8 hex>.<32 characters>.<64 hex>, as printed by `vigil agent token create`' };
      }
    }
    return undefined;
  },
};

/** Builds, validates and freezes the agent configuration. Throws CONFIG_INVALID / CONFIG_FILE_UNREADABLE. */
export function loadAgentConfig(sources: ConfigSources): AgentConfig {
  return loadConfig(agentConfigDefinition, sources);
}
