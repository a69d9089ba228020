// The management server's configuration (see core's loadConfig for precedence and errors).
import { Type, type Static } from 'typebox';
import type { ConfigDefinition } from '@vigil/core';
import { GROUP_NAME_ALLOWED, MAX_GROUP_NAME_LENGTH, groupNameProblem } from '@vigil/pki';

const Port = (fallback: number) => Type.Integer({ minimum: 0, maximum: 65535, default: fallback, description: `a TCP port from 1 to 65535 (0 = any free port; default ${fallback})` });

export const ServerConfigSchema = Type.Object({
  /** Folder holding this server's identity (key, certificate), logs and, for SQLite, the database. */
  dataDir: Type.String({ minLength: 1, default: './vigil-data', description: 'a folder path' }),
  /** Operational database: a SQLite file path or postgres:// URL; default <dataDir>/opsdb.sqlite. */
  dbUrl: Type.Optional(Type.String({ minLength: 1, description: 'a SQLite file path or postgres://user@host:port/database' })),
  /** This management server's name, unique in the group; default the host name. */
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'letters, digits, dot, dash, underscore (up to 64)' })),
  /** Name of the management group to create when the database has none. */
  groupName: Type.String({ minLength: 1, maxLength: MAX_GROUP_NAME_LENGTH, default: 'Vigil', description: GROUP_NAME_ALLOWED }),
  approvalPolicy: Type.Union([Type.Literal('reject'), Type.Literal('review'), Type.Literal('auto-approve')], { default: 'reject' }),
  linkHost: Type.String({ minLength: 1, default: '0.0.0.0', description: 'an address to listen on' }),
  linkPort: Port(5723),
  apiHost: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an address to listen on' }),
  apiPort: Port(5724),
  /** HTTPS with the group's certificate, or plain HTTP (only allowed on a loopback address). */
  apiTls: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  /** Names and addresses agents use to reach this server (certificate SANs); default host name + loopback. */
  advertisedHost: Type.Optional(Type.String({ minLength: 1, description: 'a host name or IP address' })),
  heartbeatIntervalSeconds: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
  /** Resource pools: how often a member renews its lease, and how long a lease stays valid (≥ 2 × renew). */
  leaseRenewMs: Type.Integer({ minimum: 100, maximum: 600_000, default: 2000, description: 'milliseconds from 100 to 600000 (default 2000)' }),
  leaseValidMs: Type.Integer({ minimum: 200, maximum: 3_600_000, default: 10_000, description: 'milliseconds, at least 2 × leaseRenewMs (default 10000)' }),
  /** DMZ gateways this server dials ("management server initiates the connection"): comma-separated HOST:PORT of their upstream listeners. */
  /** How often the pool's heartbeat watcher looks for agents that missed heartbeats. */
  heartbeatWatchIntervalMs: Type.Integer({ minimum: 500, maximum: 600_000, default: 15_000, description: 'milliseconds from 500 to 600000 (default 15000)' }),
  gatewayDial: Type.Optional(Type.String({ description: 'a comma-separated list of HOST:PORT' })),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
});

export type ServerConfig = Static<typeof ServerConfigSchema>;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export const serverConfigDefinition: ConfigDefinition<typeof ServerConfigSchema> = {
  role: 'server',
  schema: ServerConfigSchema,
  refine(config) {
    const groupNameRefusal = groupNameRefusalOf(config.groupName);
    if (groupNameRefusal !== undefined) return groupNameRefusal;
    if (config.apiTls === 'off' && !LOOPBACK.test(config.apiHost)) {
      return {
        key: 'apiTls',
        problem: `is off while apiHost is ${config.apiHost}: plain HTTP would expose sessions on the network`,
        allowed: 'apiTls on, or apiTls off with apiHost 127.0.0.1 or ::1',
      };
    }
    if (config.leaseValidMs < 2 * config.leaseRenewMs) {
      return {
        key: 'leaseValidMs',
        problem: `(${config.leaseValidMs}) is less than twice leaseRenewMs (${config.leaseRenewMs}): one late renewal would drop the server's pool work`,
        allowed: 'leaseValidMs ≥ 2 × leaseRenewMs',
      };
    }
    return undefined;
  },
};

/**
 * The group name becomes the CA's O verbatim (@vigil/pki), so it is refused here, before anything
 * is created, when the CA would refuse it. Leading or trailing spaces would round-trip too, but
 * they make a name that looks like another's, so they are refused as a likely typing slip.
 */
function groupNameRefusalOf(groupName: string): { key: string; problem: string; allowed: string } | undefined {
  const allowed = `${GROUP_NAME_ALLOWED}, not starting or ending with a space`;
  const problem = groupNameProblem(groupName);
  if (problem !== undefined) return { key: 'groupName', problem: `(${JSON.stringify(groupName)}) ${problem}`, allowed };
  if (groupName.trim() !== groupName) {
    return { key: 'groupName', problem: `(${JSON.stringify(groupName)}) starts or ends with a space`, allowed };
  }
  return undefined;
}
