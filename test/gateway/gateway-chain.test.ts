// Gateways chain: an agent behind a leaf gateway behind a top gateway behind the MS. The agent
// enrolls through both gateways, its data arrives exactly once, and both gateways are monitored
// objects reporting their own health (the leaf's reports travel relayed through the top gateway).
// Protocol v1 has no role in enroll-request, so the leaf gateway enrolls once directly with the MS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';
import { AGENT_SCRIPT, freePort, sampleCounts, startGatewayProcess, startServer } from './support/gateway-scenario.ts';

const TOTAL = 600;

test('a gateway chained behind a gateway relays its agents and its own health, exactly once', { timeout: 180_000 }, async () => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gateway-chain-'));
  const processes: JsonLinesProcess[] = [];
  let store: Store | undefined;
  try {
    const ms = await startServer(database.url, dir, 'ms1');
    processes.push(ms.proc);
    store = await openStore(database.url);
    const [topPort, leafPort] = [await freePort(), await freePort()];
    const top = startGatewayProcess(dir, 'gw-top', ['--server', `127.0.0.1:${ms.linkPort}`, '--listen', `127.0.0.1:${topPort}`]);
    processes.push(top);
    let leaf = startGatewayProcess(dir, 'gw-leaf', ['--server', `127.0.0.1:${ms.linkPort}`, '--listen', `127.0.0.1:${leafPort}`]);
    await leaf.waitFor((l) => l.event === 'status' && l.upstream === 'linked', 60_000);
    await leaf.kill('SIGTERM');
    leaf = startGatewayProcess(dir, 'gw-leaf', ['--server', `127.0.0.1:${topPort}`, '--listen', `127.0.0.1:${leafPort}`]);
    processes.push(leaf);
    await top.waitFor((l) => l.event === 'status' && l.upstream === 'linked', 60_000);
    await leaf.waitFor((l) => l.event === 'status' && l.upstream === 'linked' && l.server === `127.0.0.1:${topPort}`, 60_000);

    const agent = spawnJsonLines(AGENT_SCRIPT, ['--server', `127.0.0.1:${leafPort}`, '--data', join(dir, 'chained-agent'), '--name', 'chained-agent', '--rate', '100', '--count', String(TOTAL)]);
    processes.push(agent);
    await agent.waitFor((l) => l.event === 'done', 60_000);
    await waitUntil(async () => (await sampleCounts(store!, 'chained-agent')).total >= TOTAL, 30_000, 'all samples through the chain');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(await sampleCounts(store, 'chained-agent'), { total: TOTAL, distinct: TOTAL, max: TOTAL });

    const leafHealth = async (): Promise<number> => Number((await store!.db.selectFrom('perf_series').innerJoin('perf_sample', 'perf_sample.series_id', 'perf_series.id')
      .where('perf_series.object_key', '=', 'Vigil.Core.Gateway:gw-leaf').where('perf_series.counter', '=', 'gateway.agents.linked')
      .select((eb) => eb.fn.max<number>('perf_sample.value').as('agents')).executeTakeFirst())?.agents ?? 0);
    await waitUntil(async () => (await leafHealth()) === 1, 30_000, "the leaf gateway's health (1 agent linked) relayed through the top gateway");
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
