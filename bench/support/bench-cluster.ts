// Starting the processes a benchmark measures: management servers (each its own process, as in
// production) and fleet processes that simulate agents against them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetProfile } from '../fleet/fleet-profile.ts';
import { histogramDistribution, type Distribution } from './statistics.ts';
import { spawnJsonLines, type JsonLine, type JsonLinesProcess } from './json-lines-process.ts';

const SERVER_SCRIPT = fileURLToPath(new URL('./management-server-child.ts', import.meta.url));
const FLEET_SCRIPT = fileURLToPath(new URL('../fleet/fleet-child.ts', import.meta.url));

/** Agents per fleet process: below the per-process descriptor limit, with room to spare. */
export const AGENTS_PER_FLEET_PROCESS = 9000;

export interface ServerStats extends JsonLine {
  readonly atMs: number;
  readonly rssBytes: number;
  readonly cpuMicros: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly sessions: number;
  readonly ingest: { queuedBatches: number; queuedItems: number; committedBatches: number; duplicateBatches: number; failedBatches: number; groups: number };
  readonly link: { batchesAcked: number; duplicateBatches: number; throttles: number; sessionsEstablished: number; refused: Record<string, number> };
}

export interface BenchServer {
  readonly name: string;
  readonly proc: JsonLinesProcess;
  readonly linkPort: number;
  readonly apiUrl: string;
  readonly serverId: string;
  readonly address: string;
  latestStats(): ServerStats | undefined;
  statsSince(atMs: number): ServerStats[];
  stop(): Promise<void>;
}

/** A scratch folder removed by `dispose`. */
export function scratchDir(prefix: string): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), `vigil-bench-${prefix}-`));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startBenchServer(options: { dbUrl: string; dataDir: string; name: string; linkPort?: number; cpuProfDir?: string; statsMs?: number; sqlProfile?: boolean }): Promise<BenchServer> {
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, `--cpu-prof-name=${options.name}-${Date.now()}.cpuprofile`] : [];
  const proc = spawnJsonLines(SERVER_SCRIPT, [
    '--db', options.dbUrl, '--data', join(options.dataDir, options.name), '--name', options.name,
    '--link-port', String(options.linkPort ?? 0), '--stats-ms', String(options.statsMs ?? 1000), ...(options.sqlProfile ? ['--sql-profile'] : []),
  ], { nodeArgs });
  const started = await proc.waitFor((l) => l.event === 'started', 120_000);
  const linkPort = started.linkPort as number;
  return {
    name: options.name,
    proc,
    linkPort,
    apiUrl: started.apiUrl as string,
    serverId: started.serverId as string,
    address: `127.0.0.1:${linkPort}`,
    latestStats: () => proc.latest('stats') as ServerStats | undefined,
    statsSince: (atMs) => proc.lines().filter((l) => l.event === 'stats' && (l.atMs as number) >= atMs) as ServerStats[],
    async stop() {
      await proc.kill('SIGTERM');
    },
  };
}

export interface FleetStats {
  readonly started: number;
  readonly linked: number;
  readonly linkFailures: number;
  readonly closes: number;
  readonly batchesSent: number;
  readonly batchesResent: number;
  readonly batchesAcked: number;
  readonly itemsAcked: number;
  readonly perfAcked: number;
  readonly stateChangesAcked: number;
  readonly heartbeatsSent: number;
  readonly throttles: number;
  readonly unacked: number;
  readonly rssBytes: number;
  readonly cpuMicros: number;
  readonly errors: Record<string, number>;
}

export interface BenchFleet {
  readonly procs: readonly JsonLinesProcess[];
  readonly agents: number;
  onLine(listener: (line: JsonLine) => void): void;
  /** Counters summed over the fleet processes (their latest stats lines). */
  stats(): FleetStats;
  /** Ack latency (batch sent → ack) over stats lines received in [fromMs, toMs). */
  ackLatency(fromMs: number, toMs?: number): Distribution;
  linkLatency(fromMs: number, toMs?: number): Distribution;
  waitUntil(check: (stats: FleetStats) => boolean, timeoutMs: number, what: string): Promise<void>;
  send(command: Record<string, unknown>): void;
  /** Waits until every produced batch is acked (or the timeout); returns what is still unacked. */
  drain(timeoutMs: number): Promise<number>;
  stop(): Promise<FleetStats>;
}

export interface StartFleetOptions {
  readonly identitiesPath: string;
  readonly from: number;
  readonly to: number;
  readonly servers: readonly string[];
  readonly profile: Partial<FleetProfile>;
  /** Links opened per second, over the whole fleet. */
  readonly rate: number;
  readonly sampleEvery?: number;
  readonly perProcess?: number;
}

export function startBenchFleet(options: StartFleetOptions): BenchFleet {
  const total = options.to - options.from;
  const perProcess = options.perProcess ?? AGENTS_PER_FLEET_PROCESS;
  const count = Math.max(1, Math.ceil(total / perProcess));
  const procs: JsonLinesProcess[] = [];
  for (let p = 0; p < count; p++) {
    const from = options.from + Math.floor((p * total) / count);
    const to = options.from + Math.floor(((p + 1) * total) / count);
    procs.push(spawnJsonLines(FLEET_SCRIPT, [
      '--identities', options.identitiesPath, '--from', String(from), '--to', String(to), '--servers', options.servers.join(','),
      '--profile', JSON.stringify(options.profile), '--rate', String(options.rate / count), '--sample-every', String(options.sampleEvery ?? 0),
    ], { keepLatestOnly: ['hb'] }));
  }
  const stats = (): FleetStats => {
    const latest = procs.map((p) => p.latest('stats')).filter((l): l is JsonLine => l !== undefined);
    const sum = (key: string): number => latest.reduce((s, l) => s + Number(l[key] ?? 0), 0);
    const errors: Record<string, number> = {};
    for (const l of latest) for (const [code, n] of Object.entries(l.errors as Record<string, number>)) errors[code] = (errors[code] ?? 0) + n;
    return {
      started: sum('started'), linked: sum('linked'), linkFailures: sum('linkFailures'), closes: sum('closes'), batchesSent: sum('batchesSent'),
      batchesResent: sum('batchesResent'), batchesAcked: sum('batchesAcked'), itemsAcked: sum('itemsAcked'), perfAcked: sum('perfAcked'),
      stateChangesAcked: sum('stateChangesAcked'), heartbeatsSent: sum('heartbeatsSent'), throttles: sum('throttles'), unacked: sum('unacked'),
      rssBytes: sum('rssBytes'), cpuMicros: sum('cpuMicros'), errors,
    };
  };
  const histogram = (key: 'ackLatency' | 'linkLatency', fromMs: number, toMs = Infinity): Distribution =>
    histogramDistribution(procs.flatMap((p) => p.lines().filter((l) => l.event === 'stats' && (l.atMs as number) >= fromMs && (l.atMs as number) < toMs).map((l) => l[key] as Array<[number, number]>)));
  const failed = (): string | undefined => {
    const dead = procs.find((p) => p.child.exitCode !== null && p.child.exitCode !== 0);
    return dead ? `a fleet process exited with ${dead.child.exitCode}: ${dead.stderrTail().slice(-2000)}` : undefined;
  };
  return {
    procs,
    agents: total,
    onLine: (listener) => procs.forEach((p) => p.onLine(listener)),
    stats,
    ackLatency: (fromMs, toMs) => histogram('ackLatency', fromMs, toMs),
    linkLatency: (fromMs, toMs) => histogram('linkLatency', fromMs, toMs),
    async waitUntil(check, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const problem = failed();
        if (problem) throw new Error(problem);
        if (check(stats())) return;
        if (Date.now() > deadline) throw new Error(`fleet: timed out after ${timeoutMs} ms waiting for ${what} (${JSON.stringify(stats())})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    send: (command) => procs.forEach((p) => p.send(command)),
    async drain(timeoutMs) {
      const seen = procs.map((p) => p.lines().length);
      for (const p of procs) p.send({ cmd: 'drain', timeoutMs });
      const answers = await Promise.all(procs.map((p, i) => p.waitFor((l) => l.event === 'drained' && p.lines().indexOf(l) >= seen[i]!, timeoutMs + 10_000)));
      return answers.reduce((s, l) => s + Number(l.unacked), 0);
    },
    async stop() {
      for (const p of procs) p.send({ cmd: 'stop' });
      await Promise.all(procs.map((p) => p.waitFor((l) => l.event === 'final', 30_000).catch(() => undefined)));
      const final = stats();
      await Promise.all(procs.map((p) => p.kill('SIGTERM')));
      return final;
    },
  };
}
