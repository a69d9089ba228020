// A slow database slows acks; the agent keeps spooling and nothing is dropped. The database is
// made slow for real: the test holds an exclusive lock on the samples table for a few seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';

const MS_SCRIPT = fileURLToPath(new URL('./fixtures/management-server-process.ts', import.meta.url));
const AGENT_SCRIPT = fileURLToPath(new URL('../../apps/agent/test/fixtures/numbered-agent.ts', import.meta.url));
const TOTAL = 1200;

async function numbered(store: Store): Promise<{ total: number; distinct: number }> {
  const row = await store.db
    .selectFrom('perf_sample')
    .innerJoin('perf_series', 'perf_series.id', 'perf_sample.series_id')
    .where('perf_series.counter', '=', 'test.seq')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('perf_sample.value').distinct().as('distinct')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), distinct: Number(row.distinct) };
}

test('while the database stalls, acks stop, the agent spools, and afterwards every sample arrives once [postgres]', { timeout: 120_000 }, async (t) => {
  const database = await createTestDatabase('postgres');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-backpressure-'));
  const processes: JsonLinesProcess[] = [];
  const locker = new pg.Client({ connectionString: database.url });
  let store: Store | undefined;
  try {
    const ms = spawnJsonLines(MS_SCRIPT, ['--db', database.url, '--data', join(dir, 'ms1'), '--name', 'ms1']);
    processes.push(ms);
    const started = await ms.waitFor((l) => l.event === 'started');
    store = await openStore(database.url);
    const agent = spawnJsonLines(AGENT_SCRIPT, [
      '--server', `127.0.0.1:${started.linkPort as number}`, '--data', join(dir, 'agent'), '--name', 'slowdb01', '--rate', '100', '--count', String(TOTAL), '--progress-ms', '200',
    ]);
    processes.push(agent);
    await waitUntil(async () => (await numbered(store!)).total >= 100, 30_000, 'first samples');

    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE perf_sample IN ACCESS EXCLUSIVE MODE');
    const lockedAtLine = agent.lines().length;
    await new Promise((r) => setTimeout(r, 4000));
    const during = agent.lines().slice(lockedAtLine).filter((l) => l.event === 'progress');
    const maxPending = Math.max(...during.map((l) => Number(l.pendingItems ?? 0)));
    t.diagnostic(`while the database was locked the agent's spool grew to ${maxPending} pending items`);
    assert.ok(maxPending >= 200, `the agent keeps spooling while acks stall (max pending ${maxPending})`);
    await locker.query('COMMIT');

    await agent.waitFor((l) => l.event === 'done', 60_000);
    const drainedMs = await waitUntil(async () => (await numbered(store!)).total >= TOTAL, 30_000, 'all samples after the stall');
    t.diagnostic(`backlog delivered ${drainedMs} ms after the last sample was produced`);
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(await numbered(store), { total: TOTAL, distinct: TOTAL });
  } finally {
    await locker.end().catch(() => {});
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
