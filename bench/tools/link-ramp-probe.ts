// Diagnostic: starts one management server (SQLite unless --db postgres) with the SQLite statement
// profiler, links --agents simulated agents at --rate per second, and prints how many linked,
// the server's event-loop delay and the statements that took the most time.
// Usage: node bench/tools/link-ramp-probe.ts [--agents 2000] [--rate 400] [--seconds 30] [--db sqlite|postgres]
import { parseArgs } from 'node:util';
import { prepareBenchDatabase } from '../support/bench-database.ts';
import { scratchDir, startBenchFleet, startBenchServer } from '../support/bench-cluster.ts';
import { sleep } from '../support/benchmark.ts';

const { values } = parseArgs({ options: { agents: { type: 'string', default: '2000' }, rate: { type: 'string', default: '400' }, seconds: { type: 'string', default: '30' }, db: { type: 'string', default: 'sqlite' } } });
const agents = Number(values.agents);
const database = await prepareBenchDatabase(values.db === 'postgres' ? 'postgres' : 'sqlite', agents, console.error);
const scratch = scratchDir('probe');
const server = await startBenchServer({ dbUrl: database.url, dataDir: scratch.path, name: 'ms1', sqlProfile: true });
const fleet = startBenchFleet({ identitiesPath: database.identitiesPath, from: 0, to: agents, servers: [server.address], rate: Number(values.rate), profile: {} });
const started = Date.now();
for (let s = 0; s < Number(values.seconds); s++) {
  await sleep(1000);
  const f = fleet.stats();
  const m = server.latestStats();
  console.log(`${Math.round((Date.now() - started) / 1000)} s: started ${f.started} linked ${f.linked} failures ${f.linkFailures} errors ${JSON.stringify(f.errors)} | MS loop p99 ${m?.loopDelayP99Ms.toFixed(0)} ms max ${m?.loopDelayMaxMs.toFixed(0)} ms sessions ${m?.sessions}`);
}
await fleet.stop();
await server.stop();
const profile = server.proc.latest('sql-profile');
for (const s of (profile?.statements ?? []) as Array<{ sql: string; count: number; totalMs: number }>) console.log(`${s.totalMs.toFixed(0).padStart(7)} ms ${String(s.count).padStart(7)}×  ${s.sql}`);
await database.dispose();
scratch.dispose();
