// `vigil server start`: one management server joining (or creating) a group whose operational
// database is shared with the others, e.g. `vigil server start --db postgres://… --name ms2`.
import type { Command } from 'commander';
import { startManagementServer } from '@vigil/server';
import { addServerFlags, serverConfigFrom, type ServerFlagValues } from './server-flags.ts';
import { roleLogger } from '../roles/role-logger.ts';
import { runUntilSignal } from '../roles/run-until-signal.ts';

export function registerServerCommand(program: Command): void {
  const server = program.command('server').description('run or list management servers');
  addServerFlags(server.command('start').description('start a management server on this machine')).action(async (flags: ServerFlagValues) => {
    const config = serverConfigFrom(flags);
    const { logger } = roleLogger({ role: `server-${config.name ?? 'default'}`, level: config.logLevel, dataDir: config.dataDir, toStdout: flags.logStdout === true });
    const running = await startManagementServer(config, { logger });
    process.stdout.write(`Management server ${running.serverName} is running in group "${running.group.name}"; SDK API ${running.api.url}/api/v1\n`);
    await runUntilSignal(() => running.stop(), () => process.stdout.write('Stopping…\n'));
    logger.flush();
  });
}
