// Test helper: runs the real `vigil` command as a child process (as a user would) and waits
// for lines on its output.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const VIGIL_MAIN = fileURLToPath(new URL('../../apps/cli/src/main.ts', import.meta.url));

export interface VigilProcess {
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  errors(): string;
  /** Resolves with the first match of `pattern` in stdout, or rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited(): Promise<number | null>;
}

export function startVigil(args: readonly string[], env: NodeJS.ProcessEnv = {}): VigilProcess {
  const child = spawn(process.execPath, [VIGIL_MAIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => stdout,
    errors: () => stderr,
    exited: () => exit,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const match = stdout.match(pattern);
          if (match) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(match);
          }
          return Boolean(match);
        };
        const poll = setInterval(check, 50);
        const timer = setTimeout(() => {
          clearInterval(poll);
          reject(new Error(`timed out waiting for ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
        }, timeoutMs);
        void exit.then(() => {
          if (!check()) {
            clearInterval(poll);
            clearTimeout(timer);
            reject(new Error(`vigil exited before printing ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
          }
        });
      });
    },
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      return exit;
    },
  };
}

/** Runs `vigil args` to completion. */
export async function runVigil(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = startVigil(args, env);
  const code = await proc.exited();
  return { code, stdout: proc.output(), stderr: proc.errors() };
}
