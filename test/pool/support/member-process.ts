// Test support: starts test/pool/fixtures/pool-member.ts as a real child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../fixtures/pool-member.ts', import.meta.url));

export interface MemberProcess {
  readonly name: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly serverId: Promise<string>;
  logs(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface MemberTiming {
  readonly renewMs: number;
  readonly validMs: number;
  readonly settleMs: number;
  readonly watchIntervalMs?: number;
}

export function startMember(dbUrl: string, name: string, timing: MemberTiming): MemberProcess {
  const child = spawn(
    process.execPath,
    [FIXTURE, dbUrl, name, String(timing.renewMs), String(timing.validMs), String(timing.settleMs), String(timing.watchIntervalMs ?? 1000)],
    { stdio: 'pipe', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const serverId = new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const match = /ready (\S+)/.exec(stdout);
      if (match) {
        clearInterval(poll);
        resolve(match[1]!);
      }
    }, 20);
    void exited.then(() => {
      clearInterval(poll);
      reject(new Error(`${name} exited before it was ready: ${stderr}`));
    });
  });
  serverId.catch(() => {});
  return {
    name,
    child,
    serverId,
    logs: () => stderr,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
