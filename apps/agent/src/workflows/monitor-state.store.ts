// The last state of every monitor (per workflow and target), kept on disk so a restarted agent
// neither re-sends a state the server already has nor forgets how many consecutive samples it saw.
// Written after the state-change item is spooled: a crash in between re-sends one change, never loses one.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { HealthState } from '@vigil/core/health';
import type { Logger } from '@vigil/core/logging';

export interface StoredMonitorState {
  readonly typeId: string;
  readonly state: HealthState;
  readonly memory: unknown;
}

export interface MonitorStateStore {
  get(key: string): StoredMonitorState | undefined;
  /** Records the state; `persist` writes it to disk soon (state changes), otherwise it is saved with the next write. */
  set(key: string, value: StoredMonitorState, persist: boolean): void;
  /** Forgets monitors that are no longer configured. */
  retain(keys: ReadonlySet<string>): void;
  /** Resolves when everything recorded so far is on disk. */
  flush(): Promise<void>;
}

interface StateFile {
  readonly version: 1;
  readonly states: Readonly<Record<string, StoredMonitorState>>;
}

/** Loads the store; a missing or damaged file starts empty (damage is logged: states are then re-sent once). */
export async function openMonitorStateStore(filePath: string, logger: Logger): Promise<MonitorStateStore> {
  const states = new Map<string, StoredMonitorState>();
  try {
    const file = JSON.parse(await readFile(filePath, 'utf8')) as Partial<StateFile>;
    if (file.version === 1 && typeof file.states === 'object' && file.states !== null) {
      for (const [key, value] of Object.entries(file.states)) states.set(key, value);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error, path: filePath }, 'Monitor states could not be read; current states will be sent again.');
  }
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;

  async function write(): Promise<void> {
    if (!dirty) return;
    dirty = false;
    const content: StateFile = { version: 1, states: Object.fromEntries(states) };
    const temporary = `${filePath}.tmp`;
    try {
      await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(content));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, filePath);
    } catch (error) {
      logger.error({ err: error, path: filePath }, 'Monitor states could not be saved; after a restart current states are sent again.');
    }
  }
  const schedule = (): void => {
    writing = writing.then(write);
  };

  return {
    get: (key) => states.get(key),
    set(key, value, persist) {
      states.set(key, value);
      dirty = true;
      if (persist) schedule();
    },
    retain(keys) {
      for (const key of states.keys()) {
        if (!keys.has(key)) {
          states.delete(key);
          dirty = true;
        }
      }
    },
    flush() {
      schedule();
      return writing;
    },
  };
}
