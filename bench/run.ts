// Vigil's benchmarks. `npm run bench -- NAME [options]` runs one and prints its result table
// (Markdown, as recorded in docs/benchmarks.md); `npm run bench:smoke` runs a small version of
// every benchmark as a functional check (no timing judgement). `npm run bench -- --list` lists them.
// Options: --db sqlite|postgres|both  --agents N  --seconds N  --rate N (links/s while ramping)
//          --cpu-prof DIR (V8 CPU profiles of the management servers)  --KEY=VALUE (benchmark-specific)
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { numberOption, parseDialects, type BenchOptions } from './support/bench-options.ts';
import { machineDescription, renderReport, saveReport } from './support/bench-report.ts';
import type { Benchmark } from './support/benchmark.ts';
import { agentsPerMsBenchmark } from './agents-per-ms/agents-per-ms.bench.ts';
import { ingestBenchmark } from './ingest/ingest.bench.ts';
import { agentFailoverBenchmark } from './agent-failover/agent-failover.bench.ts';
import { alertLatencyBenchmark } from './alert-latency/alert-latency.bench.ts';
import { consoleBenchmark } from './console/console.bench.ts';
import { poolFailoverBenchmark } from './pool-failover/pool-failover.bench.ts';

/** Benchmarks another engineer owns run as their own script; they are listed here by path. */
const EXTERNAL: Readonly<Record<string, { description: string; script: string; takesSeconds: boolean }>> = {
  'agent-footprint': { description: 'agent CPU and memory, linked and idle, at the default workload', script: './agent-footprint/run.ts', takesSeconds: true },
  'agent-hot-paths': { description: "the agent's hot paths with its V8 flags against the JIT tiers", script: './agent-footprint/hot-paths.ts', takesSeconds: false },
};

const BENCHMARKS: readonly Benchmark[] = [agentsPerMsBenchmark, ingestBenchmark, agentFailoverBenchmark, poolFailoverBenchmark, alertLatencyBenchmark, consoleBenchmark];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: {
    smoke: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    db: { type: 'string' },
    agents: { type: 'string' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});

const names = [...BENCHMARKS.map((b) => b.name), ...Object.keys(EXTERNAL)];
if (values.list || (!values.smoke && positionals.length === 0)) {
  console.log('Benchmarks (npm run bench -- NAME [--db sqlite|postgres|both] [--agents N] [--seconds N] [--rate N] [--cpu-prof DIR]):');
  for (const b of BENCHMARKS) console.log(`  ${b.name.padEnd(18)} ${b.description}`);
  for (const [name, e] of Object.entries(EXTERNAL)) console.log(`  ${name.padEnd(18)} ${e.description}`);
  console.log('  npm run bench:smoke runs a small version of each.');
  process.exit(values.list ? 0 : 2);
}

const selected = positionals.length > 0 ? positionals : names;
const unknown = selected.filter((n) => !names.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${names.join(', ')}.`);
  process.exit(2);
}

const extra: Record<string, string> = {};
for (const [key, value] of Object.entries(values)) {
  if (!['smoke', 'list', 'db', 'agents', 'seconds', 'rate', 'cpu-prof'].includes(key) && typeof value === 'string') extra[key] = value;
}
const cpuProfDir = typeof values['cpu-prof'] === 'string' ? resolve(values['cpu-prof']) : undefined;
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
const smoke = values.smoke === true;
const baseOptions = {
  smoke,
  dialects: parseDialects(values.db as string | undefined, ['sqlite', 'postgres']),
  agents: numberOption(values.agents as string | undefined, 'agents'),
  seconds: numberOption(values.seconds as string | undefined, 'seconds'),
  rate: numberOption(values.rate as string | undefined, 'rate'),
  ...(cpuProfDir ? { cpuProfDir } : {}),
  extra,
};

console.log(`# Vigil benchmarks${smoke ? ' (smoke: functional check, numbers mean nothing)' : ''}\n\nMachine: ${machineDescription()}\n`);
let failures = 0;
for (const name of selected) {
  const started = Date.now();
  const external = EXTERNAL[name];
  if (external) {
    const script = fileURLToPath(new URL(external.script, import.meta.url));
    // It takes only --smoke and, if it says so, --seconds.
    const args = [...(smoke ? ['--smoke'] : []), ...(external.takesSeconds && baseOptions.seconds !== undefined ? ['--seconds', String(baseOptions.seconds)] : [])];
    console.log(`### ${name}\n`);
    const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
    if (result.error || result.status !== 0) {
      failures++;
      console.error(`${name}: ${result.error ? `could not run ${script} (${result.error.message})` : `exit ${result.status}`}`);
    }
    continue;
  }
  const benchmark = BENCHMARKS.find((b) => b.name === name)!;
  const options: BenchOptions = { ...baseOptions, log: (line) => console.error(`[${name}] ${line}`) };
  try {
    const report = await benchmark.run(options);
    console.log(renderReport(report));
    console.log(`(${name}: ${Math.round((Date.now() - started) / 1000)} s)\n`);
    if (!smoke) console.error(`[${name}] saved ${saveReport(report, `npm run bench -- ${process.argv.slice(2).join(' ')}`)}`);
  } catch (error) {
    failures++;
    console.error(`[${name}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
