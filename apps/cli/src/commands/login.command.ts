// `vigil login`, `vigil logout`, `vigil whoami`: sign in to a management group's SDK API and keep
// the session in the credentials file for the other console commands.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createNodeTransport, createVigilClient, isVigilApiError } from '@vigil/sdk/node';
import { cliEnvironment } from '../console/cli-environment.ts';
import { connect, readCaFile } from '../console/api-connection.ts';
import { credentialsPath, readCredentials, removeCredentials, writeCredentials } from '../console/credentials-file.ts';
import { obtainPassword } from '../console/password-input.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { paint } from '../output/table.ts';

const DEFAULT_SERVER = 'https://127.0.0.1:5724';
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

interface LoginFlags extends OutputFlags {
  readonly server?: string;
  readonly user?: string;
  readonly caFile?: string;
  readonly data?: string;
  readonly passwordStdin?: boolean;
}

/** The group CA to trust: --ca-file, else <--data>/ca.pem, else the local `vigil up` folder for a loopback server. */
function findCaPem(flags: LoginFlags, server: string): string | undefined {
  if (flags.caFile) return readCaFile(flags.caFile);
  const env = cliEnvironment();
  const dataDir = flags.data ?? env.dataDir;
  if (dataDir) return readCaFile(join(resolve(dataDir), 'ca.pem'));
  const local = resolve('vigil-data', 'ca.pem');
  if (LOOPBACK.test(new URL(server).hostname) && existsSync(local)) return readCaFile(local);
  const stored = readCredentials(env.configDir);
  return stored?.server === server ? stored.caPem : undefined;
}

export function registerLoginCommands(program: Command): void {
  program
    .command('login')
    .description('sign in to a management group\'s SDK API and remember the session for the other commands')
    .option('--server <url>', `SDK API address (default: the last server, else ${DEFAULT_SERVER})`)
    .option('--user <name>', 'user name (default: admin)')
    .option('--ca-file <file>', 'the group CA certificate to trust (PEM); default <data>/ca.pem for a local group')
    .option('--data <dir>', 'data folder of a local `vigil up` group: its ca.pem is trusted')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nThe password is asked for on the terminal without echo, or read from --password-stdin or VIGIL_PASSWORD.\nThe session is stored in $VIGIL_CONFIG_DIR/credentials.json (default ~/.config/vigil), mode 0600.\n\nExample:\n  vigil login --data ./vigil-data --user admin < ./vigil-data/admin-password.txt --password-stdin')
    .action(async (flags: LoginFlags) => {
      const env = cliEnvironment();
      const server = (flags.server ?? readCredentials(env.configDir)?.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
      const caPem = findCaPem(flags, server);
      const user = flags.user ?? 'admin';
      const password = await obtainPassword({ fromStdin: flags.passwordStdin === true, fromEnv: true, prompt: `Password for ${user} at ${server}: ` });
      const client = createVigilClient({ transport: createNodeTransport({ baseUrl: server, ...(caPem ? { caPem } : {}) }) });
      const result = await client.auth.login({ user, password, mode: 'token' });
      const path = writeCredentials(env.configDir, { server, user: result.user.name, token: result.token!, ...(caPem ? { caPem } : {}), expiresAtMs: result.expiresAtMs });
      emit(flags, { server, user: result.user, expiresAtMs: result.expiresAtMs, credentialsFile: path }, () => {
        const roles = result.user.roles.map((r) => `${r.name} (${r.profile})`).join(', ') || 'no roles yet';
        return `Signed in to ${paint(server, 'bold')} as ${paint(result.user.name, 'bold')}: ${roles}.\nSession saved in ${path}.\n`;
      });
    });

  program
    .command('logout')
    .description('end the saved session on the server and forget it here')
    .option('--json', 'print the result as JSON')
    .action(async (flags: OutputFlags) => {
      const env = cliEnvironment();
      const stored = readCredentials(env.configDir);
      let endedOnServer = false;
      if (stored) {
        try {
          await connect().auth.logout();
          endedOnServer = true;
        } catch (error) {
          // An expired session or an unreachable server must not keep the secret on disk.
          if (!isVigilApiError(error)) throw error;
        }
      }
      const removed = removeCredentials(env.configDir);
      emit(flags, { signedOut: removed, endedOnServer, credentialsFile: credentialsPath(env.configDir) }, () =>
        removed ? `Signed out of ${stored?.server ?? 'the server'}${endedOnServer ? '' : ' (the server could not be told; the session expires by itself)'}.\n` : 'Not signed in.\n');
    });

  program
    .command('whoami')
    .description('show the signed-in user, their roles and permissions')
    .option('--json', 'print the result as JSON')
    .action(async (flags: OutputFlags) => {
      const me = await connect().auth.whoami();
      emit(flags, me, () => [
        `${paint(me.name, 'bold')} (${me.displayName}) via ${me.via}`,
        `Roles:       ${me.roles.map((r) => `${r.name} [${r.profile}${(r.scope.groups ?? []).length ? `; groups ${(r.scope.groups ?? []).join(', ')}` : ''}]`).join(', ') || '-'}`,
        `Permissions: ${me.permissions.join(', ') || '-'}`,
      ].join('\n') + '\n');
    });
}
