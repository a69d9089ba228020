// Store-and-forward with a bounded spool: while no management server is reachable the gateway keeps
// accepting the agent's batches into its relay spool; when the spool quota is reached it throttles
// the agent (which keeps spooling on its own disk) instead of dropping anything. When an MS returns,
// everything is delivered, every numbered sample exactly once, and the refusals were counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';
import { AGENT_SCRIPT, freePort, sampleCounts, startGatewayProcess, startServer } from './support/gateway-scenario.ts';

const TOTAL = 30_000;

test('no MS reachable: the gateway spools up to its quota, then throttles the agent; nothing lost or duplicated', { timeout: 180_000 }, async () => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gateway-saf-'));
  const processes: JsonLinesProcess[] = [];
  let store: Store | undefined;
  try {
    let ms = await startServer(database.url, dir, 'ms1');
    processes.push(ms.proc);
    store = await openStore(database.url);
    const gatewayPort = await freePort();
    const gateway = startGatewayProcess(dir, 'gw-saf', ['--server', `127.0.0.1:${ms.linkPort}`, '--listen', `127.0.0.1:${gatewayPort}`, '--spool-quota-bytes', String(1024 * 1024)]);
    processes.push(gateway);
    await gateway.waitFor((l) => l.event === 'status' && l.upstream === 'linked', 60_000);
    const agent = spawnJsonLines(AGENT_SCRIPT, ['--server', `127.0.0.1:${gatewayPort}`, '--data', join(dir, 'saf-agent'), '--name', 'saf-agent', '--rate', '3000', '--count', String(TOTAL)]);
    processes.push(agent);
    await waitUntil(async () => (await sampleCounts(store!, 'saf-agent')).max >= 100, 60_000, 'first samples');

    ms.proc.child.kill('SIGKILL');
    const linkPort = ms.linkPort;
    // The agent keeps producing (10 s at 3000/s): far more than the gateway's 1 MiB quota while no MS is there.
    await agent.waitFor((l) => l.event === 'done', 60_000);
    await gateway.waitFor((l) => l.event === 'status' && l.upstream !== 'linked' && (l.pendingBatches as number) > 0, 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const held = agent.latest('progress')?.pendingItems as number;
    assert.ok(held > 0, `the agent keeps what the full gateway spool could not take (agent spool: ${held} items)`);

    ms = await startServer(database.url, dir, 'ms1', [], linkPort);
    processes.push(ms.proc);
    await waitUntil(async () => (await sampleCounts(store!, 'saf-agent')).total >= TOTAL, 120_000, 'everything delivered after the MS returned');
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(await sampleCounts(store, 'saf-agent'), { total: TOTAL, distinct: TOTAL, max: TOTAL });
    const refused = await store.db.selectFrom('perf_series').innerJoin('perf_sample', 'perf_sample.series_id', 'perf_series.id')
      .where('perf_series.object_key', '=', 'Vigil.Core.Gateway:gw-saf').where('perf_series.counter', '=', 'gateway.spool.refused_full_total')
      .select((eb) => eb.fn.max<number>('perf_sample.value').as('n')).executeTakeFirst();
    assert.ok(Number(refused?.n ?? 0) > 0, 'the gateway counted the batches it refused while full');
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
