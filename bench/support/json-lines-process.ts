// A child process that reports progress as JSON lines on stdout (one object per line, with an
// `event` field) and may take commands as JSON lines on stdin. Benchmarks run management servers
// and fleets this way so that each has its own event loop, CPU account and file-descriptor limit.
import { spawn, type ChildProcess } from 'node:child_process';

export interface JsonLine {
  readonly event: string;
  readonly [key: string]: unknown;
}

export interface JsonLinesProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every line received so far (oldest first). */
  lines(): readonly JsonLine[];
  latest(event: string): JsonLine | undefined;
  /** Resolves with the first line (already received or future) that matches; rejects on exit or timeout. */
  waitFor(predicate: (line: JsonLine) => boolean, timeoutMs?: number): Promise<JsonLine>;
  /** Calls `listener` for every line received from now on. */
  onLine(listener: (line: JsonLine) => void): void;
  send(command: Record<string, unknown>): void;
  stderrTail(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  readonly exited: Promise<number | null>;
}

export interface SpawnOptions {
  readonly nodeArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Keep only the latest line of these events in memory (high-rate samples). */
  readonly keepLatestOnly?: readonly string[];
}

/**
 * Spawns `node [nodeArgs] script args` with its open-file limit raised to the hard limit (many
 * TLS links need many descriptors; a soft limit below the hard one would cap them silently).
 */
export function spawnJsonLines(script: string, args: readonly string[], options: SpawnOptions = {}): JsonLinesProcess {
  const command = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';
  const child = spawn('/bin/sh', ['-c', command, 'sh', process.execPath, ...(options.nodeArgs ?? []), script, ...args], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: JsonLine[] = [];
  const latest = new Map<string, JsonLine>();
  const listeners: Array<(line: JsonLine) => void> = [];
  const keepLatestOnly = new Set(options.keepLatestOnly ?? []);
  let buffer = '';
  let errors = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as JsonLine;
      latest.set(line.event, line);
      if (!keepLatestOnly.has(line.event)) lines.push(line);
      for (const listener of listeners) listener(line);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-20_000);
  });
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    lines: () => lines,
    latest: (event) => latest.get(event),
    onLine: (listener) => void listeners.push(listener),
    send(command) {
      if (child.exitCode === null) child.stdin.write(`${JSON.stringify(command)}\n`);
    },
    stderrTail: () => errors,
    waitFor(predicate, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const found = lines.find(predicate) ?? [...latest.values()].find(predicate);
          if (found) {
            clearInterval(poll);
            resolve(found);
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null || child.signalCode !== null) {
            clearInterval(poll);
            reject(new Error(`${script}: no matching line within ${timeoutMs} ms (exit ${child.exitCode ?? child.signalCode}); stderr tail: ${errors.slice(-3000)}`));
          }
        }, 20);
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
}

/** Reads JSON-line commands from this process's stdin (the child side of `send`). */
export function onStdinCommands(handler: (command: Record<string, unknown>) => void): void {
  let buffer = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (text.startsWith('{')) handler(JSON.parse(text) as Record<string, unknown>);
    }
  });
}

/** Writes one JSON line to stdout (the child side of `lines`). */
export function emit(event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
}
