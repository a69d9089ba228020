// Builds the web console (vite build -> apps/console/dist) when dist is missing or older than
// any of its sources, so `npm ci && npm start` serves a current console on a fresh machine and
// a second start costs nothing. `--force` always builds. Runs on Node 24 (type stripping).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = fileURLToPath(new URL('.', import.meta.url));
const distIndex = join(consoleDir, 'dist', 'index.html');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'];

/** Newest modification time (ms) of a file or of any file below a folder. */
function newestMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMs(join(path, entry)));
  return newest;
}

function isStale(): boolean {
  if (!existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  return SOURCES.some((source) => newestMs(join(consoleDir, source)) > built);
}

const force = process.argv.includes('--force');
const lockDir = join(consoleDir, '.build-lock');
const LOCK_STALE_MS = 120_000;

/** One build at a time (parallel test files, two `npm start`s): others wait, then re-check. */
function acquireLock(): void {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch {
      if (Date.now() > deadline || Date.now() - statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

if (force || isStale()) {
  acquireLock();
  try {
    if (force || isStale()) build();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function build(): void {
  process.stdout.write('Building the web console (vite build)…\n');
  const vite = join(dirname(fileURLToPath(import.meta.resolve('vite/package.json'))), 'bin', 'vite.js');
  const started = Date.now();
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: consoleDir, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('The web console did not build; the SDK API still works. See the errors above.\n');
    rmSync(lockDir, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`Web console built in ${((Date.now() - started) / 1000).toFixed(1)} s (apps/console/dist).\n`);
}
