// Runs an external command under the agent's rules: bounded time (the whole process group is killed,
// SIGTERM then SIGKILL), bounded output, a clean environment and an explicit working directory.
// Expected failures (cannot start, timed out) are values, never throws.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import type { Clock, TimerHandle } from '@vigil/core/time';

export interface CommandRequest {
  readonly executable: string;
  readonly args: readonly string[];
  /** Wall time allowed from start; then the process group gets SIGTERM, and SIGKILL after the grace period. */
  readonly timeoutMs: number;
  /** Bytes kept from each of stdout and stderr; the rest is read and discarded, and `truncated` is set. */
  readonly maxOutputBytes: number;
  /** Working directory; defaults to the agent's own. */
  readonly cwd?: string;
  /** Names of the agent's environment variables passed through. Everything else is dropped. */
  readonly inheritEnv?: readonly string[];
  /** Variables set for this command; they win over inherited ones. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the command's stdin, which is then closed. */
  readonly stdin?: string;
}

interface CapturedOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** True when either stream exceeded maxOutputBytes. */
  readonly truncated: boolean;
  readonly durationMs: number;
}

export type CommandResult =
  | ({
      readonly kind: 'completed';
      /** The exit status; for a command ended by a signal, 128 + the signal number (as shells report it). */
      readonly exitCode: number;
      readonly signal: NodeJS.Signals | null;
    } & CapturedOutput)
  | ({ readonly kind: 'timed-out'; readonly timeoutMs: number } & CapturedOutput)
  | { readonly kind: 'failed-to-start'; readonly message: string };

/** Port for anything that runs commands (Nagios plugins, systemctl, scripts); tests may fake it. */
export type CommandRunner = (request: CommandRequest) => Promise<CommandResult>;

export interface CommandRunnerOptions {
  readonly clock: Clock;
  /** The agent's environment, from which `inheritEnv` names are copied. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** Time between SIGTERM and SIGKILL on timeout. Default 2000 ms. */
  readonly killGraceMs?: number;
}

class OutputCapture {
  readonly #chunks: Buffer[] = [];
  #bytes = 0;
  truncated = false;
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  add(chunk: Buffer): void {
    const room = this.#maxBytes - this.#bytes;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#chunks.push(kept);
    this.#bytes += kept.length;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

export function createCommandRunner(options: CommandRunnerOptions): CommandRunner {
  const { clock, baseEnv } = options;
  const killGraceMs = options.killGraceMs ?? 2000;

  return async (request) => {
    if (request.cwd !== undefined) {
      const isDirectory = await stat(request.cwd).then((s) => s.isDirectory(), () => false);
      if (!isDirectory) return { kind: 'failed-to-start', message: `Working directory ${request.cwd} does not exist or is not a directory.` };
    }
    const env: Record<string, string> = {};
    for (const name of request.inheritEnv ?? []) {
      const value = baseEnv[name];
      if (value !== undefined) env[name] = value;
    }
    Object.assign(env, request.env);

    const startedMs = clock.monotonicMs();
    let child;
    try {
      // detached: the command leads a new process group, so a timeout can kill its grandchildren too.
      child = spawn(request.executable, [...request.args], { cwd: request.cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      return { kind: 'failed-to-start', message: `Cannot start ${request.executable}: ${(error as Error).message}` };
    }
    const stdout = new OutputCapture(request.maxOutputBytes);
    const stderr = new OutputCapture(request.maxOutputBytes);
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    // A command that exits without reading its stdin would otherwise surface EPIPE as an unhandled error.
    child.stdin.on('error', () => {});
    child.stdin.end(request.stdin ?? '');

    return new Promise<CommandResult>((resolve) => {
      let timedOut = false;
      let exitedInTime = false;
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      const timers: TimerHandle[] = [];
      const killGroup = (signal: NodeJS.Signals): void => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, signal);
        } catch {
          // ESRCH: the whole group has already gone.
        }
      };
      const captured = (): CapturedOutput => ({
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated || stderr.truncated,
        durationMs: clock.monotonicMs() - startedMs,
      });
      let settled = false;
      const settle = (result: CommandResult): void => {
        if (settled) return;
        settled = true;
        for (const timer of timers) timer.cancel();
        resolve(result);
      };
      const finish = (): void => {
        // Timed out means the command itself had not exited by the deadline; a command that exited in
        // time but left a descendant holding its output is complete once that descendant is killed.
        if (timedOut && !exitedInTime) return settle({ kind: 'timed-out', timeoutMs: request.timeoutMs, ...captured() });
        const signal = exit?.signal ?? null;
        const exitCode = exit?.code ?? (signal === null ? 255 : 128 + (constants.signals[signal] ?? 0));
        settle({ kind: 'completed', exitCode, signal, ...captured() });
      };

      child.on('error', (error) => {
        // Only a spawn failure leaves no pid; later errors (e.g. a failed kill) change nothing here.
        if (child.pid === undefined) settle({ kind: 'failed-to-start', message: `Cannot start ${request.executable}: ${error.message}` });
      });
      child.on('exit', (code, signal) => (exit = { code, signal }));
      // 'close' comes after the process exited AND every holder of its pipes (grandchildren) closed them.
      child.on('close', finish);

      timers.push(
        clock.setTimeout(() => {
          timedOut = true;
          exitedInTime = exit !== undefined;
          killGroup('SIGTERM');
          timers.push(
            clock.setTimeout(() => {
              killGroup('SIGKILL');
              // A descendant that left the group (setsid) may still hold the pipes: stop waiting for it.
              timers.push(
                clock.setTimeout(() => {
                  child.stdout.destroy();
                  child.stderr.destroy();
                  finish();
                }, killGraceMs),
              );
            }, killGraceMs),
          );
        }, request.timeoutMs),
      );
    });
  };
}
