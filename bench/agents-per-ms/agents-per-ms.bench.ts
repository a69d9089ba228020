// agents-per-ms: the most agents one management server process sustains at the default profile
// (heartbeat 60 s, 20 counters every 60 s) with heartbeat-to-DB lag p99 < 2 s and bounded queues.
// The fleet ramps up in steps; each step is held while lag, ack latency, the server's CPU, RSS,
// event-loop delay and queue depth are measured. The ramp stops at the first step that fails.
import { execSync } from 'node:child_process';
import type { BenchOptions } from '../support/bench-options.ts';
import type { BenchReport } from '../support/bench-report.ts';
import { prepareBenchDatabase } from '../support/bench-database.ts';
import { scratchDir, startBenchFleet, startBenchServer, type BenchFleet, type BenchServer } from '../support/bench-cluster.ts';
import { startHeartbeatLagSampler } from '../support/heartbeat-lag-sampler.ts';
import { distribution } from '../support/statistics.ts';
import { cpuPercent, mb, sleep, type Benchmark } from '../support/benchmark.ts';
import { DEFAULT_INGEST_QUEUE_CAPACITY_BATCHES } from '../support/server-constants.ts';

const LAG_P99_LIMIT_MS = 2000;

/** The open-file hard limit each process gets: one management server cannot hold more links. */
export function openFileHardLimit(): number {
  try {
    return Number(execSync('ulimit -Hn', { shell: '/bin/sh' }).toString().trim()) || 1024;
  } catch {
    return 1024;
  }
}

function rampSteps(maxAgents: number, smoke: boolean): number[] {
  if (smoke) return [Math.min(20, maxAgents), maxAgents].filter((n, i, a) => a.indexOf(n) === i);
  const steps = [2000, 5000, 10_000, 15_000, 20_000, 30_000, 40_000, 50_000].filter((n) => n < maxAgents);
  return [...steps, maxAgents];
}

export const agentsPerMsBenchmark: Benchmark = {
  name: 'agents-per-ms',
  description: 'most agents one MS sustains (default profile) with heartbeat→DB lag p99 < 2 s and bounded queues',
  async run(options: BenchOptions): Promise<BenchReport> {
    // One MS holds one descriptor per link; leave room for the database, the API and the process itself.
    const fdCap = openFileHardLimit() - 300;
    const requested = options.agents ?? (options.smoke ? 40 : 50_000);
    const maxAgents = Math.min(requested, fdCap);
    const holdSeconds = options.seconds ?? (options.smoke ? 4 : 30);
    const rate = options.rate ?? (options.smoke ? 100 : 400);
    const profile = options.smoke ? { heartbeatIntervalSeconds: 1, perfCounters: 20, perfIntervalSeconds: 1 } : {};
    const rows: Array<Record<string, string | number | boolean | undefined>> = [];
    const notes: string[] = [];
    if (requested > fdCap) notes.push(`Asked for ${requested.toLocaleString('en-US')} agents; capped at ${fdCap.toLocaleString('en-US')}: the open-file hard limit here is ${openFileHardLimit()} per process (ulimit -Hn; raising it needs CAP_SYS_RESOURCE) and every agent link is one descriptor in the MS.`);
    for (const dialect of options.dialects) {
      const database = await prepareBenchDatabase(dialect, maxAgents, options.log);
      const scratch = scratchDir('agents-per-ms');
      let server: BenchServer | undefined;
      const fleets: BenchFleet[] = [];
      const sampler = startHeartbeatLagSampler(database.store.db);
      try {
        server = await startBenchServer({ dbUrl: database.url, dataDir: scratch.path, name: 'ms1', ...(options.cpuProfDir ? { cpuProfDir: options.cpuProfDir } : {}) });
        const sampleEvery = Math.max(1, Math.floor(maxAgents / 3000));
        let linkedBefore = 0;
        let best = 0;
        for (const target of rampSteps(maxAgents, options.smoke)) {
          const rampStarted = Date.now();
          const fleet = startBenchFleet({ identitiesPath: database.identitiesPath, from: linkedBefore, to: target, servers: [server.address], profile, rate, sampleEvery });
          fleet.onLine((line) => sampler.onLine(line));
          fleets.push(fleet);
          const linked = (): number => fleets.reduce((s, f) => s + f.stats().linked, 0);
          const linkTimeoutMs = Math.min(240_000, Math.max(60_000, ((target - linkedBefore) / rate) * 4000));
          const allLinked = await waitFor(() => linked() >= target, linkTimeoutMs, fleets);
          const rampSeconds = (Date.now() - rampStarted) / 1000;
          if (!allLinked) {
            // The server could not take links as fast as offered: that is this step's result.
            const linkedNow = linked();
            const linkRate = (linkedNow - linkedBefore) / rampSeconds;
            rows.push({ db: dialect, agents: target, 'link ramp s': rampSeconds, 'MS RSS MiB': mb(server.latestStats()?.rssBytes), sustained: `no: ${linkedNow} linked after ${Math.round(rampSeconds)} s (${linkRate.toFixed(1)} links/s)` });
            options.log(`${dialect} ${target} agents: only ${linkedNow} linked after ${Math.round(rampSeconds)} s (${linkRate.toFixed(1)} links/s) → FAILED`);
            break;
          }
          linkedBefore = target;
          // Hold: measure over the window only.
          const from = Date.now();
          const before = server.latestStats()!;
          const unackedStart = fleets.reduce((s, f) => s + f.stats().unacked, 0);
          await sleep(holdSeconds * 1000);
          const to = Date.now();
          await sleep(Math.min(3000, sampler.pollMs * 10)); // let lag samples of the window's last heartbeats resolve
          const after = server.latestStats()!;
          const window = server.statsSince(from).filter((s) => s.atMs <= to);
          const lag = distribution(sampler.samples(from, to).map((s) => s.lagMs));
          const ack = mergeAck(fleets, from, to);
          const unackedEnd = fleets.reduce((s, f) => s + f.stats().unacked, 0);
          const maxQueued = Math.max(0, ...window.map((s) => s.ingest.queuedBatches));
          const bounded = maxQueued < DEFAULT_INGEST_QUEUE_CAPACITY_BATCHES && unackedEnd <= Math.max(unackedStart * 2, target * 0.02 + 10);
          const ok = lag.count > 0 && lag.p99 < LAG_P99_LIMIT_MS && bounded && linked() >= target;
          rows.push({
            db: dialect, agents: target, 'link ramp s': rampSeconds, 'hb samples': lag.count, 'hb→DB lag p50 ms': lag.p50, 'hb→DB lag p99 ms': lag.p99,
            'ack p50 ms': ack.p50, 'ack p99 ms': ack.p99, 'MS CPU %': cpuPercent(before.cpuMicros, after.cpuMicros, after.atMs - before.atMs),
            'MS RSS MiB': mb(after.rssBytes), 'loop delay p99 ms (max)': Math.max(0, ...window.map((s) => s.loopDelayP99Ms)),
            'max ingest queue': maxQueued, 'unacked at end': unackedEnd, sustained: ok ? 'yes' : 'no',
          });
          options.log(`${dialect} ${target} agents: lag p99 ${lag.p99} ms (${lag.count} samples), ack p99 ${ack.p99} ms, MS CPU ${Math.round(cpuPercent(before.cpuMicros, after.cpuMicros, after.atMs - before.atMs))} %, RSS ${mb(after.rssBytes)} MiB → ${ok ? 'ok' : 'FAILED'}`);
          if (!ok) break;
          best = target;
        }
        rows.push({ db: dialect, agents: best, sustained: 'max sustained' });
        const errors = fleets.map((f) => f.stats().errors);
        const merged: Record<string, number> = {};
        for (const e of errors) for (const [k, v] of Object.entries(e)) merged[k] = (merged[k] ?? 0) + v;
        if (Object.keys(merged).length > 0) notes.push(`${dialect}: fleet saw ${JSON.stringify(merged)}`);
      } finally {
        sampler.stop();
        for (const fleet of fleets) await fleet.stop().catch(() => undefined);
        await server?.stop();
        await database.dispose();
        scratch.dispose();
      }
    }
    notes.push(`Profile: ${options.smoke ? 'smoke (heartbeat 1 s, 20 counters every 1 s)' : 'heartbeat 60 s, 20 perf counters every 60 s per agent'}; links ramped at ${rate}/s; each step held ${holdSeconds} s.`);
    notes.push(`Heartbeat→DB lag: time from the fleet sending a heartbeat until agent.last_heartbeat_at reflects it, polled every ${100} ms (1 in ${Math.max(1, Math.floor(maxAgents / 3000))} agents sampled). Ack latency: batch sent → ack.`);
    notes.push('The fleet (separate processes, ≤ 9,000 agents each) runs on the same 2 cores as the MS and the database.');
    return {
      name: 'agents-per-ms',
      title: 'agents-per-ms',
      columns: ['db', 'agents', 'link ramp s', 'hb samples', 'hb→DB lag p50 ms', 'hb→DB lag p99 ms', 'ack p50 ms', 'ack p99 ms', 'MS CPU %', 'MS RSS MiB', 'loop delay p99 ms (max)', 'max ingest queue', 'unacked at end', 'sustained'],
      rows,
      notes,
    };
  },
};

function mergeAck(fleets: readonly BenchFleet[], from: number, to: number): { p50: number; p99: number } {
  const all = fleets.map((f) => f.ackLatency(from, to));
  // Fleets of one step differ little; report the worst p99 and the count-weighted p50.
  const count = all.reduce((s, d) => s + d.count, 0);
  return {
    p50: count === 0 ? Number.NaN : all.reduce((s, d) => s + (d.count ? d.p50 * d.count : 0), 0) / count,
    p99: Math.max(...all.map((d) => (d.count ? d.p99 : 0))),
  };
}

/** Waits until `check` holds (true) or the timeout passes (false); throws if a fleet process died. */
async function waitFor(check: () => boolean, timeoutMs: number, fleets: readonly BenchFleet[]): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    for (const fleet of fleets) {
      const dead = fleet.procs.find((p) => p.child.exitCode !== null);
      if (dead) throw new Error(`a fleet process exited (${dead.child.exitCode}): ${dead.stderrTail().slice(-2000)}`);
    }
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
  return true;
}
