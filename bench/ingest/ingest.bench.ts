// ingest: the highest sustained rate of performance values committed to the operational database.
// Two measurements per database:
//  - link: simulated agents flood one management server over their TLS links (batches of
//    --batch-items values, --window batches in flight per agent); the rate is what the fleet saw
//    acknowledged (an ack is sent only after commit) over the measured window, and afterwards the
//    database must hold every acknowledged value exactly once;
//  - writer: the management server's ingest queue and writer driven in-process with ready-made
//    batches (no TLS, JSON or validation): the database-side ceiling, for locating bottlenecks.
import type { AgentId } from '@vigil/core';
import { systemClock, createLogger } from '@vigil/core';
import type { Item } from '@vigil/protocol';
import { findAgentByName } from '@vigil/store';
import type { BenchOptions } from '../support/bench-options.ts';
import type { BenchReport, Cell } from '../support/bench-report.ts';
import { prepareBenchDatabase, type BenchDatabase } from '../support/bench-database.ts';
import { scratchDir, startBenchFleet, startBenchServer } from '../support/bench-cluster.ts';
import { agentName } from '../support/fleet-identities.ts';
import { checkPerfSamples } from '../support/perf-sample-check.ts';
import { cpuPercent, sleep, type Benchmark } from '../support/benchmark.ts';
import { startWindowProfiler } from '../support/window-profiler.ts';
import { computerObjectKey } from '../fleet/fleet-profile.ts';
import { createIngestQueue } from '../../apps/server/src/ingest/ingest-queue.ts';
import { createObjectResolver } from '../../apps/server/src/ingest/object-resolver.ts';
import { BUILT_IN_MONITOR_RULES } from '../../apps/server/src/health/built-in-monitor-rules.ts';

const TARGET_VALUES_PER_SECOND = 100_000;

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  description: 'highest sustained rate of perf values committed to the DB (link end-to-end and writer-only)',
  async run(options: BenchOptions): Promise<BenchReport> {
    const agents = options.agents ?? (options.smoke ? 4 : 100);
    const seconds = options.seconds ?? (options.smoke ? 3 : 20);
    const batchItems = Number(options.extra['batch-items'] ?? (options.smoke ? 50 : 1000));
    const window = Number(options.extra.window ?? 4);
    const modes = (options.extra.mode ?? 'link,writer').split(',');
    const rows: Array<Record<string, Cell>> = [];
    const notes: string[] = [];
    for (const dialect of options.dialects) {
      for (const mode of modes) {
        const database = await prepareBenchDatabase(dialect, agents, options.log);
        try {
          const row = mode === 'writer'
            ? await runWriter(database, agents, batchItems, seconds, options)
            : await runLink(database, agents, batchItems, window, seconds, options);
          rows.push({ db: dialect, mode, ...row });
          options.log(`${dialect} ${mode}: ${Math.round(Number(row['values/s']))} values/s`);
        } finally {
          await database.dispose();
        }
      }
    }
    notes.push(`${agents} agents, batches of ${batchItems} perf values (${batchItems} series per agent), ${window} batches in flight per agent (link); ${seconds} s measured after a warm-up. Target ≥ ${TARGET_VALUES_PER_SECOND.toLocaleString('en-US')} values/s.`);
    notes.push('link: fleet processes and the MS share the 2 cores; "values/s" counts values acknowledged (committed) in the window. writer: in-process ingest queue + writer, batches built in memory, default queue options.');
    notes.push('lost/duplicated: acknowledged values missing from perf_sample / stored twice, after the fleet drained (link mode).');
    return {
      name: 'ingest',
      title: 'ingest',
      columns: ['db', 'mode', 'values/s', 'batches/s', 'ack p50 ms', 'ack p99 ms', 'MS CPU %', 'fleet CPU %', 'stored', 'lost', 'duplicated', 'target met'],
      rows,
      notes,
    };
  },
};

async function runLink(database: BenchDatabase, agents: number, batchItems: number, window: number, seconds: number, options: BenchOptions): Promise<Record<string, Cell>> {
  const scratch = scratchDir('ingest');
  const server = await startBenchServer({ dbUrl: database.url, dataDir: scratch.path, name: 'ms1', ...(options.cpuProfDir ? { cpuProfDir: options.cpuProfDir } : {}) });
  const fleet = startBenchFleet({
    identitiesPath: database.identitiesPath, from: 0, to: agents, servers: [server.address], rate: 200,
    profile: { flood: { batchItems, windowBatches: window } }, perProcess: Math.ceil(agents / 2),
  });
  try {
    // Link everyone first: under a flood, new links wait behind ingest (see docs/benchmarks.md).
    await fleet.waitUntil((s) => s.linked >= agents, 60_000, 'agents linked');
    fleet.send({ cmd: 'flood' });
    // Warm-up: every agent's series created (the first batch of a new series set is slow), caches filled.
    await fleet.waitUntil((s) => s.batchesAcked >= agents * 3, 300_000, 'warm-up batches acked');
    await sleep(options.smoke ? 500 : 2000);
    const from = Date.now();
    const fleetBefore = fleet.stats();
    const serverBefore = server.latestStats()!;
    await sleep(seconds * 1000);
    const to = Date.now();
    const fleetAfter = fleet.stats();
    const serverAfter = server.latestStats()!;
    const ack = fleet.ackLatency(from, to);
    // Stop producing, let everything in flight commit, then compare with the database.
    const final = await fleet.stop();
    await sleep(1000);
    const check = await checkPerfSamples(database.store.db, final.perfAcked);
    const valuesPerSecond = ((fleetAfter.perfAcked - fleetBefore.perfAcked) / (to - from)) * 1000;
    return {
      'values/s': valuesPerSecond,
      'batches/s': ((fleetAfter.batchesAcked - fleetBefore.batchesAcked) / (to - from)) * 1000,
      'ack p50 ms': ack.p50,
      'ack p99 ms': ack.p99,
      'MS CPU %': cpuPercent(serverBefore.cpuMicros, serverAfter.cpuMicros, serverAfter.atMs - serverBefore.atMs),
      'fleet CPU %': cpuPercent(fleetBefore.cpuMicros, fleetAfter.cpuMicros, to - from),
      stored: check.stored,
      lost: check.lost,
      duplicated: check.duplicated,
      'target met': valuesPerSecond >= TARGET_VALUES_PER_SECOND ? 'yes' : `no (${Math.round((valuesPerSecond / TARGET_VALUES_PER_SECOND) * 100)} %)`,
    };
  } finally {
    await fleet.stop().catch(() => undefined);
    await server.stop();
    scratch.dispose();
  }
}

async function runWriter(database: BenchDatabase, agents: number, batchItems: number, seconds: number, options: BenchOptions): Promise<Record<string, Cell>> {
  const db = database.store.db;
  const logger = createLogger({ role: 'bench', level: 'warn', destination: process.stderr });
  const queue = createIngestQueue({ db, clock: systemClock, rules: BUILT_IN_MONITOR_RULES, objects: createObjectResolver(), seriesIds: new Map() }, logger);
  const sources = await Promise.all(Array.from({ length: agents }, async (_, i) => {
    const agent = (await findAgentByName(db, agentName(i)))!;
    return { agentId: agent.id as AgentId, agentName: agent.name, hostName: `${agent.name}.bench.local` };
  }));
  const seqs = new Array<number>(agents).fill(0);
  const clocks = new Array<number>(agents).fill(Date.now());
  const makeBatch = (i: number): { source: (typeof sources)[number]; seq: number; items: Item[] } => {
    const timestampMs = ++clocks[i]!;
    const objectKey = computerObjectKey(sources[i]!.hostName);
    const items: Item[] = [];
    for (let c = 0; c < batchItems; c++) items.push({ kind: 'perf', objectKey, counter: `bench.counter.${String(c).padStart(3, '0')}`, value: c, timestampMs });
    return { source: sources[i]!, seq: ++seqs[i]!, items };
  };
  let committedValues = 0;
  let committedBatches = 0;
  let running = true;
  // Each source keeps two batches in the queue, like agents with a small window.
  const pump = async (i: number): Promise<void> => {
    while (running) {
      // node:sqlite answers synchronously, so without this yield the producers and the writer
      // would chain microtasks forever and no timer (including the end of the window) would run.
      await new Promise((resolve) => setImmediate(resolve));
      if (queue.saturated()) await queue.whenDrained();
      const batch = makeBatch(i);
      await queue.submit(batch);
      committedValues += batch.items.length;
      committedBatches++;
    }
  };
  const pumps = Array.from({ length: agents * 2 }, (_, k) => pump(k % agents));
  // Warm-up: every source's series created (the first batch of a new series set is slow), caches filled.
  while (committedBatches < agents * 3) await sleep(100);
  await sleep(options.smoke ? 500 : 2000);
  const profiler = options.cpuProfDir ? await startWindowProfiler(options.cpuProfDir, `ingest-writer-${database.dialect}`) : undefined;
  const cpuBefore = process.cpuUsage();
  const valuesBefore = committedValues;
  const batchesBefore = committedBatches;
  const from = Date.now();
  await sleep(seconds * 1000);
  const to = Date.now();
  const values = committedValues - valuesBefore;
  const batches = committedBatches - batchesBefore;
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler) options.log(`writer profile: ${await profiler.stop()}`);
  running = false;
  await Promise.all(pumps);
  await queue.close();
  const check = await checkPerfSamples(db, committedValues);
  const valuesPerSecond = (values / (to - from)) * 1000;
  return {
    'values/s': valuesPerSecond,
    'batches/s': (batches / (to - from)) * 1000,
    'MS CPU %': ((cpu.user + cpu.system) / 1000 / (to - from)) * 100,
    stored: check.stored,
    lost: check.lost,
    duplicated: check.duplicated,
    'target met': valuesPerSecond >= TARGET_VALUES_PER_SECOND ? 'yes' : `no (${Math.round((valuesPerSecond / TARGET_VALUES_PER_SECOND) * 100)} %)`,
  };
}
