// Small state files the agent keeps in its data folder (key, CSR, trusted CA, failover list,
// applied configuration). Written atomically (temporary file, fsync, rename) and 0600 from
// creation, so a crash never leaves a torn file and no other user can read them.
import { readFile } from 'node:fs/promises';

/** Atomic, owner-only writes: the same helper the agent's key and certificate are written with. */
export { writePrivateFile } from '@vigil/pki';

/** The file's text, or undefined when it does not exist (other read errors throw). */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
