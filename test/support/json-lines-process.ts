// Test helper: a child process that reports progress as JSON lines on stdout; lets a test wait
// for a line matching a predicate and read the latest line of a kind.
import { spawn, type ChildProcess } from 'node:child_process';

export interface JsonLinesProcess {
  readonly child: ChildProcess;
  lines(): readonly Record<string, unknown>[];
  latest(event: string): Record<string, unknown> | undefined;
  waitFor(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `node script args`. `launcher` prefixes the command (e.g. `ip netns exec NAME`, which execs
 * node in a network namespace, so the pid stays node's and signals reach it).
 */
export function spawnJsonLines(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, launcher: readonly string[] = []): JsonLinesProcess {
  const [command, ...prefix] = [...launcher, process.execPath];
  const child = spawn(command!, [...prefix, script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  let errors = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (text.startsWith('{')) lines.push(JSON.parse(text) as Record<string, unknown>);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-20_000);
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines: () => lines,
    latest: (event) => [...lines].reverse().find((l) => l.event === event),
    stderr: () => errors,
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const found = lines.find(predicate);
          if (found) {
            clearInterval(poll);
            resolve(found);
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`${script}: no matching line within ${timeoutMs} ms (exit ${child.exitCode}); stderr tail: ${errors.slice(-2000)}`));
          }
        }, 25);
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
