// `vigil up`: a whole management group on this machine in one process — on first run it creates
// the data folder, the embedded database and the group with its certificate authority; later
// runs reopen them. Later roles (local agent, web console) join this command as they arrive.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { startManagementServer, type RunningManagementServer } from '@vigil/server';
import { addServerFlags, serverConfigFrom, type ServerFlagValues } from './server-flags.ts';
import { roleLogger } from '../roles/role-logger.ts';
import { runUntilSignal } from '../roles/run-until-signal.ts';

export function registerUpCommand(program: Command): void {
  addServerFlags(
    program
      .command('up')
      .description('start a complete management group on this machine (management server and SDK API; embedded SQLite unless --db is given)'),
  ).action(async (flags: ServerFlagValues) => {
    const config = serverConfigFrom(flags);
    const { logger, path: logPath } = roleLogger({ role: 'up', level: config.logLevel, dataDir: config.dataDir, toStdout: flags.logStdout === true });
    const server = await startManagementServer(config, { logger });
    printBanner(server, logPath);
    await runUntilSignal(
      () => server.stop(),
      () => process.stdout.write('\nStopping Vigil…\n'),
    );
    process.stdout.write('Vigil stopped. The database is closed and intact.\n');
    logger.flush();
  });
}

function printBanner(server: RunningManagementServer, logPath: string | undefined): void {
  const here = (path: string): string => {
    const short = relative(process.cwd(), path) || '.';
    return short.startsWith('..') ? path : short;
  };
  const caPath = here(`${server.dataDir}/ca.pem`);
  const curl = server.api.url.startsWith('https') ? `curl --cacert ${caPath} ${server.api.url}/api/v1/health` : `curl ${server.api.url}/api/v1/health`;
  const lines = [
    `Vigil ${server.groupCreated ? 'created' : 'opened'} management group "${server.group.name}".`,
    `  Management server  ${server.serverName}`,
    `  Database           ${server.store.description}`,
    `  Data folder        ${here(server.dataDir)}`,
    `  SDK API            ${server.api.url}/api/v1  (group CA certificate: ${caPath})`,
    `  Web console        ${server.api.url}/  (signed by the group CA; for no browser warning run vigil web --data ${here(server.dataDir)} → http://127.0.0.1:8080/)`,
    `  Agent link         ${server.link.url}  (vigil agent start --server <this host>:${server.link.port} --join-token …)`,
    `  Health             ${curl}`,
    ...(logPath ? [`  Log                ${here(logPath)}`] : []),
    ...adminPasswordLines(server.dataDir, here),
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** While the first administrator's generated password is unchanged, show it and how to sign in. */
function adminPasswordLines(dataDir: string, here: (path: string) => string): string[] {
  const file = join(dataDir, 'admin-password.txt');
  if (!existsSync(file)) return [];
  const password = readFileSync(file, 'utf8').trim();
  return [
    `  Sign in            user admin, password ${password}  (from ${here(file)}; change it with vigil user set-password admin)`,
    `                     vigil login --data ${here(dataDir)} --user admin`,
  ];
}
