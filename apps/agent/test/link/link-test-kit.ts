// Shared helpers for the agent's link, runtime and task tests: temporary data folders, a logger
// whose lines can be asserted on, fast timings, and polling for an expected state.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Logger } from '@vigil/core';
import type { AgentTimings } from '@vigil/agent';

export interface CapturedLog {
  readonly logger: Logger;
  readonly lines: Array<{ level: number; msg: string } & Record<string, unknown>>;
  has(pattern: RegExp): boolean;
}

export function capturedLogger(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const logger = createLogger({ role: 'agent', level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines, has: (pattern) => lines.some((line) => pattern.test(line.msg)) };
}

export const FAST_TIMINGS: Partial<AgentTimings> = {
  connectTimeoutMs: 3000,
  reconnectInitialMs: 20,
  reconnectMaxMs: 200,
  primaryProbeIntervalMs: 200,
  pendingRetryMaxMs: 100,
  rejectedRetryMs: 150,
  refusedRetryMs: 150,
  pollIntervalMs: 100,
  healthReportIntervalMs: 60_000,
};

export async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-agent-test-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls until `check` returns true; throws with `what` after timeoutMs. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function agentConfig(dataDir: string, server: string, extra: Record<string, unknown> = {}) {
  return {
    dataDir, server, name: 'agent1', heartbeatIntervalSeconds: 60, spoolQuotaBytes: 64 * 1024 * 1024, maxInFlightBatches: 4, batchMaxItems: 1000,
    healthReportIntervalSeconds: 60, primaryProbeIntervalSeconds: 30, pendingRetryMaxSeconds: 300, rejectedRetrySeconds: 1800, refusedRetrySeconds: 300,
    logLevel: 'debug', ...extra,
  } as const;
}
