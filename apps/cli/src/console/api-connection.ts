// How console commands reach the SDK API: the credentials `vigil login` stored, or VIGIL_SERVER +
// VIGIL_TOKEN (+ VIGIL_CA_FILE) for scripts with an API token.
import { readFileSync } from 'node:fs';
import { VigilError } from '@vigil/core';
import { createNodeTransport, createVigilClient, type VigilClient } from '@vigil/sdk/node';
import { cliEnvironment } from './cli-environment.ts';
import { readCredentials } from './credentials-file.ts';

export function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', { path, reason: (error as Error).message }, { cause: error });
  }
}

/** A client for the signed-in server. Throws UNAUTHENTICATED when nobody is signed in. */
export function connect(): VigilClient {
  const env = cliEnvironment();
  if (env.server && env.token) {
    const transport = createNodeTransport({ baseUrl: env.server, ...(env.caFile ? { caPem: readCaFile(env.caFile) } : {}) });
    return createVigilClient({ transport, token: env.token });
  }
  const stored = readCredentials(env.configDir);
  if (!stored) throw new VigilError('UNAUTHENTICATED', { reason: 'no saved session; run `vigil login --server https://HOST:5724` (or set VIGIL_SERVER and VIGIL_TOKEN)' });
  const transport = createNodeTransport({ baseUrl: stored.server, ...(stored.caPem ? { caPem: stored.caPem } : {}) });
  return createVigilClient({ transport, token: stored.token });
}
