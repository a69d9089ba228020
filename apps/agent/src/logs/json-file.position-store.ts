// PositionStore in a small JSON file, replaced atomically (write temp, fsync, rename) so a crash
// leaves either the old or the new positions, never a torn file.
import { open, readFile, rename } from 'node:fs/promises';
import { VigilError } from '@vigil/core/errors';
import type { FilePosition, PositionStore } from './position-store.ts';

interface PositionFile {
  readonly version: 1;
  readonly positions: readonly FilePosition[];
}

function isPosition(value: unknown): value is FilePosition {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.path === 'string' && typeof p.device === 'string' && typeof p.inode === 'string' &&
    Number.isSafeInteger(p.offsetBytes) && Number.isSafeInteger(p.headBytes) && typeof p.headHash === 'string'
  );
}

/** Throws AGENT_LOG_POSITIONS_CORRUPT from load() when the file exists but is not a position file. */
export function createJsonFilePositionStore(filePath: string): PositionStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new VigilError('AGENT_LOG_POSITIONS_CORRUPT', { path: filePath, reason: (error as Error).message }, { cause: error });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new VigilError('AGENT_LOG_POSITIONS_CORRUPT', { path: filePath, reason: 'not JSON' }, { cause: error });
      }
      const file = parsed as Partial<PositionFile> | null;
      if (file?.version !== 1 || !Array.isArray(file.positions) || !file.positions.every(isPosition)) {
        throw new VigilError('AGENT_LOG_POSITIONS_CORRUPT', { path: filePath, reason: 'unexpected content' });
      }
      return file.positions;
    },
    async save(positions) {
      const temporary = `${filePath}.tmp`;
      const content: PositionFile = { version: 1, positions };
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(content));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, filePath);
    },
  };
}
