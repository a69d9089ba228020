// The "head" fingerprint of a log file: a hash of its first bytes. Inode numbers are reused as soon
// as a file is deleted, so device + inode alone cannot tell "same file, grown" from "new file".
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** Bytes hashed: enough to cover a timestamped first line, small enough to read on every poll. */
export const HEAD_BYTES = 1024;

export interface FileHead {
  readonly headBytes: number;
  readonly headHash: string;
}

/** Hash of the first `length` bytes; a shorter file (truncated) hashes what there is, so it differs. */
export async function readHead(handle: FileHandle, length: number): Promise<FileHead> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = length === 0 ? { bytesRead: 0 } : await handle.read(buffer, 0, length, 0);
  return { headBytes: bytesRead, headHash: createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex') };
}
