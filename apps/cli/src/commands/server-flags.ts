// Flags shared by `vigil up` and `vigil server start`; each maps to a key of the server
// configuration (flags > VIGIL_* env > <data>/vigil.yaml > defaults).
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '@vigil/core';
import { serverConfigDefinition, type ServerConfig } from '@vigil/server';

export function addServerFlags(command: Command): Command {
  return command
    .option('--data <dir>', 'data folder (identity, logs, embedded database)', undefined)
    .option('--db <url>', 'operational database: SQLite file path or postgres://user@host:port/db (default <data>/opsdb.sqlite)')
    .option('--name <name>', 'this management server\'s name (default: host name)')
    .option('--group-name <name>', 'name of the management group to create on first start (default: Vigil)')
    .option('--approval-policy <policy>', 'new agents: reject | review | auto-approve (default: reject)')
    .option('--link-host <address>', 'address agents and gateways connect to (default 0.0.0.0)')
    .option('--link-port <port>', 'agent/gateway link port (default 5723)')
    .option('--api-host <address>', 'SDK API address (default 127.0.0.1)')
    .option('--api-port <port>', 'SDK API port (default 5724)')
    .option('--api-tls <on|off>', 'HTTPS with the group certificate (default on; off only on loopback)')
    .option('--advertised-host <host>', 'name or address agents use to reach this server (added to its certificate)')
    .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent (default info)')
    .option('--log-stdout', 'write the log to the terminal instead of <data>/logs');
}

export interface ServerFlagValues {
  readonly data?: string;
  readonly db?: string;
  readonly name?: string;
  readonly groupName?: string;
  readonly approvalPolicy?: string;
  readonly linkHost?: string;
  readonly linkPort?: string;
  readonly apiHost?: string;
  readonly apiPort?: string;
  readonly apiTls?: string;
  readonly advertisedHost?: string;
  readonly logLevel?: string;
  readonly logStdout?: boolean;
}

/** The one place the CLI reads process.env: it hands it to the configuration loader. */
export function serverConfigFrom(flags: ServerFlagValues): ServerConfig {
  const env = process.env;
  const dataDir = resolve(flags.data ?? env.VIGIL_DATA_DIR ?? './vigil-data');
  return loadConfig(serverConfigDefinition, {
    flags: {
      dataDir,
      dbUrl: flags.db,
      name: flags.name,
      groupName: flags.groupName,
      approvalPolicy: flags.approvalPolicy,
      linkHost: flags.linkHost,
      linkPort: flags.linkPort,
      apiHost: flags.apiHost,
      apiPort: flags.apiPort,
      apiTls: flags.apiTls,
      advertisedHost: flags.advertisedHost,
      logLevel: flags.logLevel,
    },
    env,
    file: { path: join(dataDir, 'vigil.yaml'), section: 'server' },
  });
}
