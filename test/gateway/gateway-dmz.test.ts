// "Management server initiates the connection" (DMZ mode): the gateway only listens, on its
// upstream port; management servers configured with gatewayDial dial it. The gateway enrolls over
// the first dialed link, then data from an agent behind it flows; kill -9 of the MS whose link it
// holds → the other dialing MS takes over; every sample stored once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';
import { AGENT_SCRIPT, freePort, gatewayServer, sampleCounts, startGatewayProcess, startServer } from './support/gateway-scenario.ts';

const TOTAL = 1000;

test('DMZ mode: MSs dial the gateway, it enrolls over the dialed link, fails over to the other MS on kill -9', { timeout: 180_000 }, async (t) => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gateway-dmz-'));
  const processes: JsonLinesProcess[] = [];
  let store: Store | undefined;
  try {
    const [upstreamPort, agentPort] = [await freePort(), await freePort()];
    const gateway = startGatewayProcess(dir, 'dmz-gw', ['--upstream-listen', `127.0.0.1:${upstreamPort}`, '--listen', `127.0.0.1:${agentPort}`]);
    processes.push(gateway);
    await gateway.waitFor((l) => l.event === 'status' && l.upstream === 'enrolling', 30_000);
    const dial = ['--gateway-dial', `127.0.0.1:${upstreamPort}`];
    const ms1 = await startServer(database.url, dir, 'ms1', dial);
    processes.push(ms1.proc);
    store = await openStore(database.url);
    await gateway.waitFor((l) => l.event === 'status' && l.upstream === 'linked' && l.listenPort !== null, 60_000);
    const ms2 = await startServer(database.url, dir, 'ms2', dial);
    processes.push(ms2.proc);
    assert.equal(await gatewayServer(store, 'dmz-gw'), ms1.serverId, 'the first MS that dialed holds the link');

    const agent = spawnJsonLines(AGENT_SCRIPT, [
      '--server', `127.0.0.1:${agentPort}`, '--data', join(dir, 'dmz-agent'), '--name', 'dmz-agent', '--rate', '100', '--count', String(TOTAL),
    ]);
    processes.push(agent);
    await waitUntil(async () => (await sampleCounts(store!, 'dmz-agent')).max >= 200, 60_000, 'samples through the DMZ gateway');

    ms1.proc.child.kill('SIGKILL');
    const before = (await sampleCounts(store, 'dmz-agent')).max;
    const failoverMs = await waitUntil(async () => (await gatewayServer(store!, 'dmz-gw')) === ms2.serverId && (await sampleCounts(store!, 'dmz-agent')).max > before + 50, 30_000, 'samples through ms2');
    t.diagnostic(`DMZ failover: ms2 dialed in and data flows ${failoverMs} ms after kill -9 of ms1`);

    await agent.waitFor((l) => l.event === 'done', 60_000);
    await waitUntil(async () => (await sampleCounts(store!, 'dmz-agent')).total >= TOTAL, 30_000, 'all samples stored');
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(await sampleCounts(store, 'dmz-agent'), { total: TOTAL, distinct: TOTAL, max: TOTAL });
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
