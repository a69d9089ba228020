// What the agent's V8 flags cost where an agent does work: its hot paths timed in a child process
// started with AGENT_NODE_FLAGS (interpreter only, as `vigil agent start` runs the agent) and in
// one with the JIT tiers back on (the same flags without --no-opt/--no-maglev/--no-sparkplug), in
// the same run so the ratio holds on a noisy machine. The paths: spooling perf items (node:sqlite, fsynced), draining the spool into
// link frames (encode, schema check as a receiver does, acknowledge), and parsing Nagios plugin
// output with perfdata (pure JavaScript).
// Usage: npx node bench/agent-footprint/hot-paths.ts [--rounds 3] [--smoke]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '@vigil/core/time';
import { decodeFrame, encodeFrame, type Batch } from '@vigil/protocol/link';
import { AGENT_NODE_FLAGS } from '@vigil/agent';
import { openSpool } from '../../apps/agent/src/spool/spool.ts';
import { parsePluginOutput } from '../../apps/agent/src/nagios/plugin-output.parser.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string' }, smoke: { type: 'boolean' }, child: { type: 'boolean' } } });
const smoke = values.smoke === true;
const BATCHES = smoke ? 10 : 100;
const ITEMS_PER_BATCH = 500;
const PLUGIN_OUTPUTS = smoke ? 2_000 : 20_000;

interface Timings { readonly appendMs: number; readonly drainMs: number; readonly parseMs: number }

function measure(): Timings {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-agent-hot-paths-'));
  const spool = openSpool({ path: join(dir, 'spool.sqlite'), clock: systemClock });
  try {
    let started = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      spool.append(Array.from({ length: ITEMS_PER_BATCH }, (_, i) => ({
        kind: 'perf' as const, objectKey: 'Vigil.Core.Computer:bench.example', counter: 'cpu.processor-time.percent', instance: String(i), value: i * 1.5, timestampMs: Date.now(),
      })));
    }
    const appendMs = performance.now() - started;
    started = performance.now();
    const sourceId = '01900000-0000-7000-8000-000000000000';
    for (let batch = spool.nextBatch(ITEMS_PER_BATCH); batch; batch = spool.nextBatch(ITEMS_PER_BATCH)) {
      const frame = encodeFrame({ kind: 'batch', sourceId, seq: batch.seq, items: batch.items } as Batch);
      if (decodeFrame(frame, 'to-server').kind !== 'ok') throw new Error('a spooled batch failed its schema check');
      spool.acknowledge(batch.seq);
    }
    const drainMs = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < PLUGIN_OUTPUTS; i++) {
      parsePluginOutput(`LOAD OK - load average: 0.1${i % 10}, 0.20, 0.30|load1=0.1${i % 10};5;10;0 load5=0.2;4;8;0 'load 15'=0.3;3;6;0\n`);
    }
    return { appendMs, drainMs, parseMs: performance.now() - started };
  } finally {
    spool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (values.child === true) {
  measure(); // warm-up: compile caches, first SQLite pages
  console.log(JSON.stringify(measure()));
  process.exit(0);
}

const rounds = smoke ? 1 : Number(values.rounds ?? 3);
const self = fileURLToPath(import.meta.url);
const run = (flags: readonly string[]): Timings =>
  JSON.parse(execFileSync(process.execPath, [...flags, self, '--child', ...(smoke ? ['--smoke'] : [])], { encoding: 'utf8' })) as Timings;
const best = (all: Timings[], key: keyof Timings): number => Math.min(...all.map((t) => t[key]));
const JIT_FLAGS = AGENT_NODE_FLAGS.filter((flag) => !/^--no-(opt|maglev|sparkplug)$/.test(flag));
const agent: Timings[] = [];
const optimised: Timings[] = [];
for (let r = 0; r < rounds; r++) {
  agent.push(run(AGENT_NODE_FLAGS));
  optimised.push(run(JIT_FLAGS));
}
const items = BATCHES * ITEMS_PER_BATCH;
const rows: Array<[string, keyof Timings, number]> = [
  [`spool ${items.toLocaleString('en')} perf items (${BATCHES} fsynced appends)`, 'appendMs', items],
  [`drain them: frame, schema check, acknowledge`, 'drainMs', items],
  [`parse ${PLUGIN_OUTPUTS.toLocaleString('en')} Nagios plugin outputs`, 'parseMs', PLUGIN_OUTPUTS],
];
console.log(`\nAgent hot paths (best of ${rounds}; Node ${process.version})`);
console.log(`| path | agent flags (${AGENT_NODE_FLAGS.join(' ')}) | JIT on (${JIT_FLAGS.join(' ')}) | ratio |\n|---|---|---|---|`);
for (const [name, key, count] of rows) {
  const a = best(agent, key);
  const o = best(optimised, key);
  console.log(`| ${name} | ${a.toFixed(0)} ms (${Math.round(count / (a / 1000)).toLocaleString('en')}/s) | ${o.toFixed(0)} ms | ${(a / o).toFixed(2)} |`);
}
