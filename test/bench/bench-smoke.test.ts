// Functional check of the benchmarks: each runs in its small --smoke form on SQLite (real
// management-server and fleet processes, real TLS links) and must finish and print its table.
// No timing is judged here; the measurements live in docs/benchmarks.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUN = fileURLToPath(new URL('../../bench/run.ts', import.meta.url));
const BENCHMARKS = ['agents-per-ms', 'ingest', 'agent-failover', 'pool-failover', 'alert-latency', 'console', 'agent-footprint', 'agent-hot-paths'];

function runSmoke(name: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN, name, '--smoke', '--db', 'sqlite'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('benchmarks run in their smoke form', { concurrency: 2, timeout: 240_000 }, async (t) => {
  await Promise.all(BENCHMARKS.map((name) =>
    t.test(name, { timeout: 180_000 }, async () => {
      const { code, stdout, stderr } = await runSmoke(name);
      assert.equal(code, 0, `${name} --smoke failed:\n${stderr.slice(-3000)}`);
      assert.match(stdout, new RegExp(`### ${name}\\n`), `${name} printed no result table`);
    })));
});
