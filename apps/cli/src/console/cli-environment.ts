// The operations console's view of its environment, read once here (the one place these
// commands read process.env): where credentials live, script credentials, colour.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CliEnvironment {
  /** Folder of credentials.json: VIGIL_CONFIG_DIR, else $XDG_CONFIG_HOME/vigil, else ~/.config/vigil. */
  readonly configDir: string;
  /** VIGIL_PASSWORD: the password for `vigil login` in scripts (prefer --password-stdin). */
  readonly password: string | undefined;
  /** VIGIL_SERVER + VIGIL_TOKEN (+ VIGIL_CA_FILE): use an API token without `vigil login`. */
  readonly server: string | undefined;
  readonly token: string | undefined;
  readonly caFile: string | undefined;
  /** VIGIL_DATA_DIR: the local `vigil up` data folder, where ca.pem is found. */
  readonly dataDir: string | undefined;
  readonly colour: boolean;
  readonly interactive: boolean;
}

let cached: CliEnvironment | undefined;

export function cliEnvironment(): CliEnvironment {
  if (cached) return cached;
  const env = process.env;
  cached = Object.freeze({
    configDir: env.VIGIL_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'vigil'),
    password: env.VIGIL_PASSWORD || undefined,
    server: env.VIGIL_SERVER || undefined,
    token: env.VIGIL_TOKEN || undefined,
    caFile: env.VIGIL_CA_FILE || undefined,
    dataDir: env.VIGIL_DATA_DIR || undefined,
    colour: process.stdout.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb',
    interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  });
  return cached;
}
