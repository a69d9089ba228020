// The gateway's end-to-end promise, with real processes and a real network boundary: agents in a
// "customer site" network namespace reach only the gateways (a veth address), never the management
// servers (host loopback). Two MSs on one database, a primary and a backup gateway, two agents
// streaming numbered samples. kill -9 of the MS the gateway uses → the gateway fails over and data
// keeps flowing; kill -9 of the primary gateway → the agents move to the backup gateway; the primary
// comes back → it drains its spool and the agents fail back. Every sample is stored exactly once.
// Without network namespaces (not root, no iproute2) the same scenario runs on loopback with a
// port split instead (agents are then not prevented from reaching the MSs; the test says so).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase, DIALECTS } from '@vigil/store/testing';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';
import { createSiteNamespace, namespacesAvailable, type SiteNamespace } from './support/netns.ts';
import { AGENT_SCRIPT, freePort, gatewayOfAgent, gatewayServer, sampleCounts, startGatewayProcess, startServer } from './support/gateway-scenario.ts';

const TOTAL = 2000;
const AGENTS = ['site-agent-1', 'site-agent-2'];

for (const dialect of DIALECTS) {
  test(`agents behind gateways: MS kill -9 → gateway fails over; gateway kill -9 → agents move to the backup; every sample once [${dialect}]`, { timeout: 240_000 }, async (t) => {
    const database = await createTestDatabase(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-gateway-'));
    const processes: JsonLinesProcess[] = [];
    let site: SiteNamespace | undefined;
    let store: Store | undefined;
    try {
      if (namespacesAvailable()) site = createSiteNamespace(40 + Math.floor(Math.random() * 200));
      else t.diagnostic('network namespaces unavailable (needs root + iproute2): falling back to loopback with a port split');
      const gatewayHost = site?.hostAddress ?? '127.0.0.1';
      const ms1 = await startServer(database.url, dir, 'ms1');
      processes.push(ms1.proc);
      const ms2 = await startServer(database.url, dir, 'ms2');
      processes.push(ms2.proc);
      store = await openStore(database.url);
      if (site) {
        assert.equal(site.canReach('127.0.0.1', ms1.linkPort), false, 'agents in the site must not reach the MS on the host loopback');
        assert.equal(site.canReach(site.hostAddress, ms1.linkPort), false, 'agents in the site must not reach the MS port on the veth address');
      }

      const [gw1Port, gw2Port] = [await freePort(gatewayHost), await freePort(gatewayHost)];
      const upstream = ['--server', `127.0.0.1:${ms1.linkPort}`, '--failover', `127.0.0.1:${ms2.linkPort}`];
      const gw1Args = [...upstream, '--listen', `${gatewayHost}:${gw1Port}`];
      let gw1 = startGatewayProcess(dir, 'gw1', gw1Args);
      processes.push(gw1);
      const gw2 = startGatewayProcess(dir, 'gw2', [...upstream, '--listen', `${gatewayHost}:${gw2Port}`]);
      processes.push(gw2);
      for (const gw of [gw1, gw2]) await gw.waitFor((l) => l.event === 'status' && l.upstream === 'linked' && l.listenPort !== null, 60_000);
      if (site) assert.equal(site.canReach(gatewayHost, gw1Port), true, 'agents in the site reach the gateway');

      const spawnAgent = (name: string): JsonLinesProcess => {
        const args = [
          '--server', `${gatewayHost}:${gw1Port}`, '--failover', `${gatewayHost}:${gw2Port}`, '--data', join(dir, name), '--name', name,
          '--rate', '100', '--count', String(TOTAL), '--timings', JSON.stringify({ primaryProbeIntervalMs: 1000, reconnectMaxMs: 1000 }),
        ];
        return site ? site.spawn(AGENT_SCRIPT, args) : spawnJsonLines(AGENT_SCRIPT, args);
      };
      const agents = AGENTS.map(spawnAgent);
      processes.push(...agents);
      const flowing = async (minimum: number): Promise<boolean> => (await Promise.all(AGENTS.map((a) => sampleCounts(store!, a)))).every((c) => c.max >= minimum);
      await waitUntil(async () => (await flowing(200)) && (await gatewayServer(store!, 'gw1')) === ms1.serverId, 60_000, 'samples through gw1 and ms1');
      for (const name of AGENTS) assert.equal(await gatewayOfAgent(store, name), 'gw1');

      // 1. kill -9 of the MS the primary gateway uses: the gateway fails over to ms2.
      ms1.proc.child.kill('SIGKILL');
      const before1 = Math.min(...(await Promise.all(AGENTS.map(async (a) => (await sampleCounts(store!, a)).max))));
      const msFailoverMs = await waitUntil(async () => (await gatewayServer(store!, 'gw1')) === ms2.serverId && (await flowing(before1 + 50)), 30_000, 'samples through ms2');
      t.diagnostic(`MS failover: data flowing through gw1 → ms2 ${msFailoverMs} ms after kill -9 of ms1`);
      assert.ok(msFailoverMs < 10_000, `the gateway must fail over within 10 s (took ${msFailoverMs} ms)`);

      // 2. kill -9 of the primary gateway: agents move to gw2.
      gw1.child.kill('SIGKILL');
      const before2 = Math.min(...(await Promise.all(AGENTS.map(async (a) => (await sampleCounts(store!, a)).max))));
      const gwFailoverMs = await waitUntil(
        async () => (await Promise.all(AGENTS.map((a) => gatewayOfAgent(store!, a)))).every((g) => g === 'gw2') && (await flowing(before2 + 50)),
        30_000, 'samples through gw2',
      );
      t.diagnostic(`gateway failover: agents' data flowing through gw2 ${gwFailoverMs} ms after kill -9 of gw1`);
      assert.ok(gwFailoverMs < 10_000, `agents must move to the backup gateway within 10 s (took ${gwFailoverMs} ms)`);

      // 3. The primary gateway returns (same data folder: its spool is drained) and agents fail back.
      gw1 = startGatewayProcess(dir, 'gw1', gw1Args);
      processes.push(gw1);
      const failbackMs = await waitUntil(async () => (await Promise.all(AGENTS.map((a) => gatewayOfAgent(store!, a)))).every((g) => g === 'gw1'), 60_000, 'agents back on gw1');
      t.diagnostic(`failback: agents back on gw1 ${failbackMs} ms after it restarted`);

      for (const agent of agents) await agent.waitFor((l) => l.event === 'done', 120_000);
      await waitUntil(async () => (await Promise.all(AGENTS.map((a) => sampleCounts(store!, a)))).every((c) => c.total >= TOTAL), 60_000, 'all samples stored');
      await new Promise((r) => setTimeout(r, 2000));
      for (const name of AGENTS) {
        assert.deepEqual(await sampleCounts(store, name), { total: TOTAL, distinct: TOTAL, max: TOTAL }, `every numbered sample of ${name} exactly once`);
      }
      const gatewayObjects = await store.db.selectFrom('monitoring_object').select('object_key').where('class_id', '=', 'Vigil.Core.Gateway').orderBy('object_key').execute();
      assert.deepEqual(gatewayObjects.map((o) => o.object_key), ['Vigil.Core.Gateway:gw1', 'Vigil.Core.Gateway:gw2'], 'each gateway is a monitored object');
      const health = await store.db.selectFrom('perf_series').select('counter').where('object_key', '=', 'Vigil.Core.Gateway:gw1').execute();
      assert.ok(health.some((h) => h.counter === 'gateway.spool.pending_batches'), 'the gateway reports its queue upstream');
    } finally {
      for (const p of processes.reverse()) await p.kill('SIGTERM');
      await store?.close();
      site?.remove();
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });
}
