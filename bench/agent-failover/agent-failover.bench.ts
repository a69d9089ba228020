// agent-failover: kill -9 of the primary management server while agents stream data; for each
// agent, the time from the kill until its data is acknowledged through the failover server
// (p50/p99, target p99 < 5 s), and afterwards, in the database: every acknowledged sample stored,
// none twice (lost = 0, duplicated = 0).
import type { BenchOptions } from '../support/bench-options.ts';
import type { BenchReport, Cell } from '../support/bench-report.ts';
import { prepareBenchDatabase } from '../support/bench-database.ts';
import { scratchDir, startBenchFleet, startBenchServer, type BenchServer } from '../support/bench-cluster.ts';
import { checkPerfSamples } from '../support/perf-sample-check.ts';
import { distribution } from '../support/statistics.ts';
import { sleep, type Benchmark } from '../support/benchmark.ts';

const TARGET_P99_MS = 5000;

export const agentFailoverBenchmark: Benchmark = {
  name: 'agent-failover',
  description: 'kill -9 of the primary MS → time until each agent\'s data flows through its failover MS; lost and duplicated samples',
  async run(options: BenchOptions): Promise<BenchReport> {
    const agents = options.agents ?? (options.smoke ? 10 : 500);
    const rate = options.rate ?? (options.smoke ? 100 : 50);
    const rows: Array<Record<string, Cell>> = [];
    for (const dialect of options.dialects) {
      const database = await prepareBenchDatabase(dialect, agents, options.log);
      const scratch = scratchDir('agent-failover');
      const servers: BenchServer[] = [];
      const fleet = { current: undefined as ReturnType<typeof startBenchFleet> | undefined };
      try {
        const ms1 = await startBenchServer({ dbUrl: database.url, dataDir: scratch.path, name: 'ms1' });
        servers.push(ms1);
        const ms2 = await startBenchServer({ dbUrl: database.url, dataDir: scratch.path, name: 'ms2', ...(options.cpuProfDir ? { cpuProfDir: options.cpuProfDir } : {}) });
        servers.push(ms2);
        // Every agent has data every second, so "data flows again" is observable within about a second.
        const f = startBenchFleet({ identitiesPath: database.identitiesPath, from: 0, to: agents, servers: [ms1.address, ms2.address], rate, profile: { perfCounters: 5, perfIntervalSeconds: 1 } });
        fleet.current = f;
        const recovered = new Map<number, { atMs: number; serverIndex: number; downSinceMs: number }>();
        f.onLine((line) => {
          if (line.event === 'recovered') recovered.set(line.index as number, { atMs: line.atMs as number, serverIndex: line.serverIndex as number, downSinceMs: line.downSinceMs as number });
        });
        await f.waitUntil((s) => s.linked >= agents, 120_000, 'agents linked to ms1');
        await sleep(options.smoke ? 1500 : 5000);
        const before = f.stats();
        const killedAtMs = Date.now();
        await ms1.proc.kill('SIGKILL');
        const deadline = Date.now() + 60_000;
        while (recovered.size < agents && Date.now() < deadline) await sleep(100);
        const times = [...recovered.values()].map((r) => r.atMs - killedAtMs);
        const detect = [...recovered.values()].map((r) => r.downSinceMs - killedAtMs);
        const onMs2 = [...recovered.values()].filter((r) => r.serverIndex === 1).length;
        await sleep(options.smoke ? 1000 : 3000);
        const unacked = await f.drain(30_000);
        const final = await f.stop();
        fleet.current = undefined;
        const check = await checkPerfSamples(database.store.db, final.perfAcked);
        const d = distribution(times);
        const detected = distribution(detect);
        rows.push({
          db: dialect, agents, 'recovered': recovered.size, 'via ms2': onMs2, 'link loss seen p50 ms': detected.p50,
          'data flows p50 ms': d.p50, 'data flows p99 ms': d.p99, 'max ms': d.max, 'acked samples': final.perfAcked, lost: check.lost, duplicated: check.duplicated,
          'resent batches': final.batchesResent - before.batchesResent, 'unacked at end': unacked,
          'target met': recovered.size === agents && d.p99 < TARGET_P99_MS && check.lost === 0 && check.duplicated === 0 ? 'yes' : 'no',
        });
        options.log(`${dialect}: ${recovered.size}/${agents} recovered, p50 ${d.p50} ms, p99 ${d.p99} ms, lost ${check.lost}, duplicated ${check.duplicated}`);
      } finally {
        await fleet.current?.stop().catch(() => undefined);
        for (const s of servers) await s.stop();
        await database.dispose();
        scratch.dispose();
      }
    }
    return {
      name: 'agent-failover',
      title: 'agent-failover',
      columns: ['db', 'agents', 'recovered', 'via ms2', 'link loss seen p50 ms', 'data flows p50 ms', 'data flows p99 ms', 'max ms', 'acked samples', 'lost', 'duplicated', 'resent batches', 'unacked at end', 'target met'],
      rows,
      notes: [
        `Two MS processes on one database; simulated agents (5 counters every 1 s, failover list [ms1, ms2], reconnect back-off as the real agent: 250 ms doubling, jittered) all linked to ms1; ms1 killed with SIGKILL. Target p99 < ${TARGET_P99_MS} ms.`,
        '"data flows": kill → first ack through ms2 (includes up to 1 s until the agent\'s next sample when nothing was in flight). "link loss seen": kill → the agent saw its link close.',
        'lost / duplicated: samples the fleet saw acked that are missing from / stored twice in perf_sample, after the fleet drained.',
      ],
    };
  },
};
