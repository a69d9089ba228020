// Follows log files matching globs, like `tail -F` but across agent restarts: every complete line is
// delivered once, in file order, through rotation by rename (the old file is drained first),
// copytruncate and truncation. Positions are persisted through a PositionStore when the caller
// commits a batch, after it has stored the lines itself.
import { glob, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '@vigil/core/time';
import { HEAD_BYTES, readHead } from './file-head.ts';
import type { FilePosition, PositionStore } from './position-store.ts';

export interface LogLine {
  readonly path: string;
  readonly line: string;
  /** Named groups of the pattern's match (empty without a pattern or without named groups). */
  readonly groups: Readonly<Record<string, string>>;
}

export interface LogBatch {
  /** Complete new lines that match the pattern, oldest file first. */
  readonly lines: readonly LogLine[];
  /**
   * Saves the positions after this batch. Call it once the lines are safely stored: an uncommitted
   * batch is read again after a restart (at-least-once), a committed one never.
   */
  commit(): Promise<void>;
}

export interface LogTailer {
  read(): Promise<LogBatch>;
}

export interface LogTailerOptions {
  /** Absolute glob patterns, e.g. '/var/log/app/*.log'. */
  readonly globs: readonly string[];
  /** Only lines matching it are returned (all lines are consumed). */
  readonly pattern?: RegExp;
  readonly store: PositionStore;
  readonly clock: Clock;
  /**
   * Where to begin files that exist on the very first start (no saved positions): 'end' skips
   * history, as an agent newly deployed on a busy server should. Files appearing later always
   * start at their beginning.
   */
  readonly firstStart?: 'start' | 'end';
  /** How long a rotated-away file is still watched for late writes once idle. Default 60 s. */
  readonly rotatedGraceMs?: number;
  /** Bytes read per file per call, bounding memory; the rest is read next time. Default 4 MiB. */
  readonly maxReadBytes?: number;
}

interface Tracked {
  position: FilePosition;
  /** Monotonic ms at which the file was last seen with new data after leaving the globs. */
  rotatedIdleSinceMs?: number;
}

const identityOf = (s: { dev: bigint; ino: bigint }): string => `${s.dev}:${s.ino}`;
const keyOf = (p: FilePosition): string => `${p.device}:${p.inode}`;

async function matchGlobs(globs: readonly string[]): Promise<Map<string, string>> {
  const byIdentity = new Map<string, string>();
  const paths: string[] = [];
  for await (const match of glob([...globs])) paths.push(match);
  for (const match of paths.sort()) {
    const s = await stat(match, { bigint: true }).catch(() => undefined);
    if (s?.isFile() && !byIdentity.has(identityOf(s))) byIdentity.set(identityOf(s), match);
  }
  return byIdentity;
}

/** Finds the file with this identity in the directory it was last seen in (rotation renames in place). */
async function findRenamed(position: FilePosition): Promise<string | undefined> {
  const dir = path.dirname(position.path);
  for (const entry of await readdir(dir).catch(() => [])) {
    const candidate = path.join(dir, entry);
    const s = await stat(candidate, { bigint: true }).catch(() => undefined);
    if (s?.isFile() && identityOf(s) === keyOf(position)) return candidate;
  }
  return undefined;
}

export function createLogTailer(options: LogTailerOptions): LogTailer {
  const maxReadBytes = options.maxReadBytes ?? 4 * 1024 * 1024;
  const rotatedGraceMs = options.rotatedGraceMs ?? 60_000;
  let tracked: Map<string, Tracked> | undefined;
  let firstStart = false;

  /** Reads complete lines of one open file from its position on; returns the new position. */
  async function consume(handle: FileHandle, filePath: string, known: FilePosition | undefined, identity: { dev: bigint; ino: bigint; size: bigint }, out: LogLine[]): Promise<FilePosition> {
    const size = Number(identity.size);
    let offset = known?.offsetBytes ?? 0;
    if (known !== undefined) {
      const head = await readHead(handle, known.headBytes);
      // Shorter than what we consumed (truncate, copytruncate) or different first bytes (the inode was
      // reused by a new file): this is new content, start over. With copytruncate, lines written after
      // our last read are only in the copy: read those from it first.
      if (size < offset || head.headHash !== known.headHash) {
        await drainCopy(known, out);
        offset = 0;
      }
    }
    const length = Math.min(size - offset, maxReadBytes);
    const buffer = Buffer.alloc(Math.max(0, length));
    const { bytesRead } = length > 0 ? await handle.read(buffer, 0, length, offset) : { bytesRead: 0 };
    let lastNewline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    // A single line longer than the read limit would stall the file forever: deliver it in pieces.
    if (lastNewline < 0 && bytesRead === maxReadBytes) lastNewline = bytesRead - 1;
    let start = 0;
    while (start <= lastNewline) {
      const end = buffer.indexOf(0x0a, start);
      const stop = end < 0 || end > lastNewline ? lastNewline + 1 : end;
      const line = buffer.subarray(start, stop).toString('utf8').replace(/\r$/, '');
      const match = options.pattern === undefined ? undefined : options.pattern.exec(line);
      if (options.pattern === undefined || match) out.push({ path: filePath, line, groups: { ...match?.groups } });
      start = stop + 1;
    }
    offset += lastNewline + 1;
    const head = await readHead(handle, Math.min(offset, HEAD_BYTES));
    return { path: filePath, device: String(identity.dev), inode: String(identity.ino), offsetBytes: offset, ...head };
  }

  /**
   * Finds a copy of a truncated file (copytruncate's 'app.log.1': same first bytes, at least as long
   * as what we had consumed) next to it, and reads the lines after our old position from it.
   */
  async function drainCopy(known: FilePosition, out: LogLine[]): Promise<void> {
    if (known.headBytes === 0) return;
    const dir = path.dirname(known.path);
    for (const entry of await readdir(dir).catch(() => [])) {
      const candidate = path.join(dir, entry);
      const handle = await open(candidate, 'r').catch(() => undefined);
      if (handle === undefined) continue;
      try {
        const s = await handle.stat({ bigint: true });
        // Files we track are read on their own; only an untracked copy can hold the missing lines.
        if (!s.isFile() || tracked?.has(identityOf(s)) || Number(s.size) < known.offsetBytes) continue;
        if ((await readHead(handle, known.headBytes)).headHash !== known.headHash) continue;
        await consume(handle, candidate, { ...known, device: String(s.dev), inode: String(s.ino) }, s, out);
        return;
      } finally {
        await handle.close();
      }
    }
  }

  /** Opens the path and reads it if it still is the file we expect; undefined if it changed under us. */
  async function readFile(filePath: string, expectedIdentity: string, known: FilePosition | undefined, startAtEnd: boolean, out: LogLine[]): Promise<FilePosition | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(filePath, 'r');
    } catch {
      return undefined;
    }
    try {
      const s = await handle.stat({ bigint: true });
      if (identityOf(s) !== expectedIdentity) return undefined;
      if (startAtEnd) {
        const head = await readHead(handle, Math.min(Number(s.size), HEAD_BYTES));
        return { path: filePath, device: String(s.dev), inode: String(s.ino), offsetBytes: Number(s.size), ...head };
      }
      return await consume(handle, filePath, known, s, out);
    } finally {
      await handle.close();
    }
  }

  return {
    async read() {
      if (tracked === undefined) {
        const saved = await options.store.load();
        firstStart = saved === undefined;
        tracked = new Map((saved ?? []).map((p) => [keyOf(p), { position: p }]));
      }
      const state = tracked;
      const lines: LogLine[] = [];
      const matches = await matchGlobs(options.globs);

      // Files we were reading that left the globs (rotated by rename): drain them before the new files.
      for (const [key, entry] of state) {
        if (matches.has(key)) continue;
        const renamedTo = await findRenamed(entry.position);
        const next = renamedTo === undefined ? undefined : await readFile(renamedTo, key, entry.position, false, lines);
        const nowMs = options.clock.monotonicMs();
        if (next === undefined) {
          state.delete(key);
        } else if (next.offsetBytes !== entry.position.offsetBytes || entry.rotatedIdleSinceMs === undefined) {
          state.set(key, { position: next, rotatedIdleSinceMs: nowMs });
        } else if (nowMs - entry.rotatedIdleSinceMs > rotatedGraceMs) {
          // The writer has long reopened the new file; stop scanning the directory for this one.
          state.delete(key);
        }
      }

      // Known files first (in path order), then new ones, so a rotated 'app.log.1' precedes the new 'app.log'.
      const ordered = [...matches].sort(([a], [b]) => Number(state.has(b)) - Number(state.has(a)));
      for (const [key, filePath] of ordered) {
        const known = state.get(key)?.position;
        const next = await readFile(filePath, key, known, known === undefined && firstStart && options.firstStart === 'end', lines);
        if (next !== undefined) state.set(key, { position: next });
      }
      firstStart = false;

      const snapshot = [...state.values()].map((entry) => entry.position);
      return { lines, commit: () => options.store.save(snapshot) };
    },
  };
}
