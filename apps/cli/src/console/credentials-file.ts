// ~/.config/vigil/credentials.json: the server `vigil login` signed in to, its CA and the session
// secret. Mode 0600 in a 0700 folder: the secret acts as the user until it expires or they run
// `vigil logout`.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { VigilError } from '@vigil/core';

export interface StoredCredentials {
  readonly server: string;
  readonly user: string;
  readonly token: string;
  /** PEM of the group CA the server's certificate must chain to; absent = system CAs. */
  readonly caPem?: string;
  readonly expiresAtMs: number;
}

export function credentialsPath(configDir: string): string {
  return join(configDir, 'credentials.json');
}

export function readCredentials(configDir: string): StoredCredentials | undefined {
  const path = credentialsPath(configDir);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredCredentials>;
    if (typeof parsed.server !== 'string' || typeof parsed.token !== 'string' || typeof parsed.user !== 'string') return undefined;
    return parsed as StoredCredentials;
  } catch (error) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', { path, reason: (error as Error).message }, { cause: error });
  }
}

export function writeCredentials(configDir: string, credentials: StoredCredentials): string {
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(configDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}

export function removeCredentials(configDir: string): boolean {
  const path = credentialsPath(configDir);
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}
