// A machine's TLS identity on disk: three PEM files in one folder, readable by the service account
// only. The folder is created 0700 and every file 0600, the way ssh keeps keys; reading refuses a
// private key other users can read rather than run with a key that may already be copied.
import { randomBytes, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VigilError } from '@vigil/core/errors';
import type { Identity } from './tls-options.ts';
import { errorReason } from './message-values.ts';

export const IDENTITY_FILE_NAMES = { certPem: 'cert.pem', privateKeyPem: 'key.pem', caCertPem: 'ca.pem' } as const;

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * Writes the identity into `dir` (created 0700 if missing; an existing folder keeps its mode).
 * Each file is written to a temporary name, synced and renamed, so a crash never leaves a torn
 * key behind, and it is 0600 from its creation on.
 */
export async function writeIdentityFiles(dir: string, identity: Identity): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  for (const field of ['caCertPem', 'certPem', 'privateKeyPem'] as const) {
    await writePrivateFile(join(dir, IDENTITY_FILE_NAMES[field]), identity[field]);
  }
}

/**
 * Reads the identity from `dir`. Throws PKI_KEY_FILE_UNPROTECTED when the key file is readable by
 * group or others (POSIX only), PKI_IDENTITY_UNREADABLE when a file is missing or unparseable or
 * the key does not belong to the certificate.
 */
export async function readIdentityFiles(dir: string): Promise<Identity> {
  const keyPath = join(dir, IDENTITY_FILE_NAMES.privateKeyPem);
  const unreadable = (reason: string, cause?: unknown): VigilError => new VigilError('PKI_IDENTITY_UNREADABLE', { path: dir, reason }, { cause });
  let identity: Identity;
  try {
    if (process.platform !== 'win32') {
      const mode = (await stat(keyPath)).mode & 0o777;
      if ((mode & 0o077) !== 0) throw new VigilError('PKI_KEY_FILE_UNPROTECTED', { path: keyPath, mode: mode.toString(8).padStart(4, '0') });
    }
    identity = {
      certPem: await readFile(join(dir, IDENTITY_FILE_NAMES.certPem), 'utf8'),
      privateKeyPem: await readFile(keyPath, 'utf8'),
      caCertPem: await readFile(join(dir, IDENTITY_FILE_NAMES.caCertPem), 'utf8'),
    };
  } catch (error) {
    if (error instanceof VigilError) throw error;
    throw unreadable(errorReason(error), error);
  }
  let keyMatches: boolean;
  try {
    const certificate = new X509Certificate(identity.certPem);
    new X509Certificate(identity.caCertPem);
    const publicFromKey = createPublicKey(createPrivateKey(identity.privateKeyPem)).export({ type: 'spki', format: 'der' });
    keyMatches = publicFromKey.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }));
  } catch (error) {
    throw unreadable(`a file is not valid PEM (${errorReason(error)})`, error);
  }
  if (!keyMatches) throw unreadable(`${IDENTITY_FILE_NAMES.privateKeyPem} does not belong to ${IDENTITY_FILE_NAMES.certPem}`);
  return identity;
}

/**
 * Writes a file only its owner can read, atomically (temporary file, fsync, rename) and 0600 from
 * creation: a crash never leaves a torn file and no other user ever sees its contents. The
 * folder is created (0700) when missing. Keys, certificates and agents' other state use it.
 */
export async function writePrivateFile(path: string, contents: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
  const temporaryPath = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporaryPath, 'wx', FILE_MODE);
  try {
    // The umask can only remove bits from 0600; chmod makes the mode exact whatever it is.
    await handle.chmod(FILE_MODE);
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporaryPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temporaryPath, path);
}
