import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock, systemClock } from '@vigil/core';
import { createCommandRunner, type CommandRequest } from '../../src/commands/command-runner.ts';
import { runScript } from '../../src/commands/script-runner.ts';

const base = { timeoutMs: 10_000, maxOutputBytes: 64 * 1024 } as const;
const sh = (script: string, extra: Partial<CommandRequest> = {}): CommandRequest => ({ ...base, executable: '/bin/sh', args: ['-c', script], ...extra });
const runner = createCommandRunner({ clock: systemClock, baseEnv: { PATH: '/usr/bin:/bin', KEEP: 'kept', DROP: 'secret' } });

/** A process is gone when /proc has no entry for it or it is a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('completed: exit code, stdout and stderr are captured', async () => {
  const result = await runner(sh('echo out; echo err >&2; exit 3'));
  assert.equal(result.kind, 'completed');
  assert.ok(result.kind === 'completed');
  assert.equal(result.exitCode, 3);
  assert.equal(result.signal, null);
  assert.equal(result.stdout, 'out\n');
  assert.equal(result.stderr, 'err\n');
  assert.equal(result.truncated, false);
  assert.ok(result.durationMs >= 0);
});

test('a command killed by a signal reports 128 + signal number', async () => {
  const result = await runner(sh('kill -9 $$'));
  assert.ok(result.kind === 'completed');
  assert.equal(result.exitCode, 137);
  assert.equal(result.signal, 'SIGKILL');
});

test('output beyond the limit is cut and flagged, and the command still runs to completion', async () => {
  const result = await runner(sh('head -c 100000 /dev/zero | tr "\\0" a; echo done >&2', { maxOutputBytes: 1000 }));
  assert.ok(result.kind === 'completed');
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout, 'a'.repeat(1000));
  assert.equal(result.stderr, 'done\n');
  assert.equal(result.truncated, true);
});

test('environment: only allowed keys pass through, plus the ones set for the command', async () => {
  const result = await runner({ ...base, executable: '/usr/bin/env', args: [], inheritEnv: ['KEEP', 'PATH', 'ABSENT'], env: { EXTRA: 'x y' } });
  assert.ok(result.kind === 'completed');
  assert.deepEqual(result.stdout.trim().split('\n').sort(), ['EXTRA=x y', 'KEEP=kept', 'PATH=/usr/bin:/bin']);
});

test('working directory: used when it exists, failed-to-start when it does not', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-cwd-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const result = await runner(sh('pwd', { cwd: dir }));
  assert.ok(result.kind === 'completed');
  assert.equal(result.stdout.trim(), dir);
  const missing = await runner(sh('pwd', { cwd: path.join(dir, 'missing') }));
  assert.equal(missing.kind, 'failed-to-start');
  assert.match(missing.kind === 'failed-to-start' ? missing.message : '', /does not exist/);
});

test('failed-to-start: a missing executable is a value, not a throw', async () => {
  const result = await runner({ ...base, executable: '/nonexistent/plugin', args: [] });
  assert.equal(result.kind, 'failed-to-start');
  assert.match(result.kind === 'failed-to-start' ? result.message : '', /ENOENT/);
});

async function startTimedOut(script: string): Promise<{ clock: FakeClock; pids: number[]; result: ReturnType<typeof runner>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-timeout-'));
  const pidFile = path.join(dir, 'pids');
  const clock = new FakeClock();
  const fakeRunner = createCommandRunner({ clock, baseEnv: {}, killGraceMs: 1000 });
  const result = fakeRunner(sh(script.replaceAll('PIDFILE', pidFile), { timeoutMs: 5000 }));
  await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim().split('\n').length === 2, 'pids');
  const pids = (await readFile(pidFile, 'utf8')).trim().split('\n').map(Number);
  const cleanup = async (): Promise<void> => {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  return { clock, pids, result, cleanup };
}

test('timeout: SIGTERM to the process group kills the child and its grandchild', async (t) => {
  const run = await startTimedOut('sleep 60 & echo $! >> PIDFILE; echo $$ >> PIDFILE; echo partial; wait');
  t.after(run.cleanup);
  await run.clock.advance(4999);
  assert.ok(run.pids.every(isAlive), 'nothing killed before the deadline');
  await run.clock.advance(1);
  const result = await run.result;
  assert.equal(result.kind, 'timed-out');
  assert.ok(result.kind === 'timed-out');
  assert.equal(result.stdout, 'partial\n');
  assert.equal(result.timeoutMs, 5000);
  await waitFor(() => !run.pids.some(isAlive), 'child and grandchild to die');
});

test('timeout: a group that ignores SIGTERM gets SIGKILL after the grace period', async (t) => {
  const run = await startTimedOut("trap '' TERM; sleep 60 & echo $! >> PIDFILE; echo $$ >> PIDFILE; wait; wait; wait");
  t.after(run.cleanup);
  await run.clock.advance(5000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(run.pids.every(isAlive), 'SIGTERM is ignored');
  await run.clock.advance(1000);
  assert.equal((await run.result).kind, 'timed-out');
  await waitFor(() => !run.pids.some(isAlive), 'SIGKILL to take effect');
});

test('runScript: runs the body with its interpreter and arguments, and removes the temporary file', async (t) => {
  const scratchDir = await mkdtemp(path.join(tmpdir(), 'vigil-scratch-'));
  t.after(() => rm(scratchDir, { recursive: true, force: true }));
  const result = await runScript(runner, { ...base, interpreter: '/bin/sh', body: 'echo "$1 from \'script\'"\nexit 2\n', args: ['hello'], scratchDir });
  assert.ok(result.kind === 'completed');
  assert.equal(result.exitCode, 2);
  assert.equal(result.stdout, "hello from 'script'\n");
  assert.deepEqual(await readdir(scratchDir), []);
});
