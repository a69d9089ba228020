// The link's end-to-end promise, with real processes: two management servers on one database,
// an agent streaming numbered samples. kill -9 of the primary → data flows through the failover
// server within 5 s; the primary returns → the agent fails back; every sample stored exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';

const MS_SCRIPT = fileURLToPath(new URL('./fixtures/management-server-process.ts', import.meta.url));
const AGENT_SCRIPT = fileURLToPath(new URL('../../apps/agent/test/fixtures/numbered-agent.ts', import.meta.url));
const TOTAL = 1500;

async function startServer(dbUrl: string, dir: string, name: string, linkPort = 0): Promise<{ proc: JsonLinesProcess; linkPort: number; serverId: string }> {
  const proc = spawnJsonLines(MS_SCRIPT, ['--db', dbUrl, '--data', join(dir, name), '--name', name, '--link-port', String(linkPort)]);
  const started = await proc.waitFor((l) => l.event === 'started');
  return { proc, linkPort: started.linkPort as number, serverId: started.serverId as string };
}

async function counts(store: Store): Promise<{ total: number; distinct: number; max: number }> {
  // Only the numbered series: the agent also reports its own health and host counters.
  const row = await store.db
    .selectFrom('perf_sample')
    .innerJoin('perf_series', 'perf_series.id', 'perf_sample.series_id')
    .where('perf_series.counter', '=', 'test.seq')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('perf_sample.value').distinct().as('distinct'), eb.fn.max<number>('perf_sample.value').as('max')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), distinct: Number(row.distinct), max: Number(row.max ?? 0) };
}

async function connectedServer(store: Store): Promise<string | null> {
  return (await store.db.selectFrom('agent').select('connected_server_id').executeTakeFirst())?.connected_server_id ?? null;
}

for (const dialect of DIALECTS) {
  test(`agent fails over on kill -9 of its management server and back, with every sample stored once [${dialect}]`, { timeout: 120_000 }, async (t) => {
    const database = await createTestDatabase(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-failover-'));
    const processes: JsonLinesProcess[] = [];
    let store: Store | undefined;
    try {
      const ms1 = await startServer(database.url, dir, 'ms1');
      processes.push(ms1.proc);
      const ms2 = await startServer(database.url, dir, 'ms2');
      processes.push(ms2.proc);
      store = await openStore(database.url);

      const agent = spawnJsonLines(AGENT_SCRIPT, [
        '--server', `127.0.0.1:${ms1.linkPort}`, '--failover', `127.0.0.1:${ms2.linkPort}`, '--data', join(dir, 'agent'), '--name', 'numbered01',
        '--rate', '100', '--count', String(TOTAL), '--timings', JSON.stringify({ primaryProbeIntervalMs: 1000 }),
      ]);
      processes.push(agent);
      await waitUntil(async () => (await counts(store!)).total >= 200 && (await connectedServer(store!)) === ms1.serverId, 30_000, 'samples through ms1');

      ms1.proc.child.kill('SIGKILL');
      const before = (await counts(store)).max;
      const failoverMs = await waitUntil(
        async () => (await connectedServer(store!)) === ms2.serverId && (await counts(store!)).max > before + 20,
        10_000,
        'samples through ms2',
      );
      assert.ok(failoverMs < 5000, `data must flow through the failover server within 5 s (took ${failoverMs} ms)`);
      t.diagnostic(`failover: data flowing through ms2 ${failoverMs} ms after kill -9 of ms1`);

      const ms1again = await startServer(database.url, dir, 'ms1', ms1.linkPort);
      processes.push(ms1again.proc);
      const failbackMs = await waitUntil(async () => (await connectedServer(store!)) === ms1.serverId, 20_000, 'failback to ms1');
      t.diagnostic(`failback: agent back on ms1 ${failbackMs} ms after it restarted`);

      await agent.waitFor((l) => l.event === 'done', 60_000);
      await waitUntil(async () => (await counts(store!)).total >= TOTAL, 30_000, 'all samples stored');
      await new Promise((r) => setTimeout(r, 1500));
      const final = await counts(store);
      assert.deepEqual(final, { total: TOTAL, distinct: TOTAL, max: TOTAL }, 'every numbered sample exactly once');
    } finally {
      for (const p of processes.reverse()) await p.kill('SIGTERM');
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });
}
