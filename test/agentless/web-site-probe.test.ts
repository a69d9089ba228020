// Agentless monitoring end to end: a management server (its own process) with the built-in
// Vigil.Network pack; an overrides pack imported while it runs lists a web site served by this
// test on 127.0.0.1. Pool discovery creates the WebSite object (owned by the pool, no agent), the
// pool member probes it and its Availability monitor goes healthy; the site stops → critical and
// an alert; the site comes back → healthy and the alert resolves; the probe's perf series exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger, systemClock } from '@vigil/core';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { loadPackLibrary } from '../../apps/server/src/packs/pack-library.ts';
import { importPackText } from '../../apps/server/src/packs/pack-import.service.ts';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';

const MS_SCRIPT = fileURLToPath(new URL('../link/fixtures/management-server-process.ts', import.meta.url));
const MONITOR = 'Vigil.Network.WebSite.Availability';
const SITE_KEY = 'Vigil.Network.WebSite:shop';

// The pack schema's minimum interval is 10 s; an override may probe faster (as here, for a short test).
const sitesPack = (url: string): string => `
pack:
  name: Contoso.Sites
  version: 1.0.0
  displayName: Contoso web sites
  references:
    - { name: Vigil.Network, version: 1.0.0 }
overrides:
  - id: Contoso.Sites.List
    workflow: Vigil.Network.WebSite.Discovery
    parameter: targets
    value: { shop: "${url}" }
    context: { class: Vigil.Network.WebSite }
  - id: Contoso.Sites.Interval
    workflow: Vigil.Network.WebSite.Availability
    parameter: intervalSeconds
    value: 1
    context: { class: Vigil.Network.WebSite }
  - id: Contoso.Sites.FirstFailure
    workflow: Vigil.Network.WebSite.Availability
    parameter: failuresBeforeUnhealthy
    value: 1
    context: { class: Vigil.Network.WebSite }
`;

function serveSite(port: number): Promise<Server> {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('shop is open\n'));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

async function stopSite(server: Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
}

test('a listed web site is discovered in the pool, probed, goes critical with an alert when down, and resolves when back', { timeout: 180_000 }, async (t) => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-agentless-'));
  const processes: JsonLinesProcess[] = [];
  let site = await serveSite(0);
  const port = (site.address() as { port: number }).port;
  let store: Store | undefined;
  try {
    // The server creates the database, imports the built-in packs (Vigil.Network among them) and joins the pool.
    const ms = spawnJsonLines(MS_SCRIPT, ['--db', database.url, '--data', join(dir, 'ms1'), '--name', 'ms1']);
    processes.push(ms);
    await ms.waitFor((l) => l.event === 'started', 60_000);
    store = await openStore(database.url);
    const packs = await loadPackLibrary(store.db, silentLogger());
    await importPackText({ db: store.db, clock: systemClock, logger: silentLogger(), packs, trustedPublicKeys: [] }, sitesPack(`http://127.0.0.1:${port}/`), 'contoso-sites.pack.yaml', 'test');

    const object = await store.db.selectFrom('monitoring_object').selectAll().where('object_key', '=', SITE_KEY).executeTakeFirstOrThrow();
    assert.equal(object.class_id, 'Vigil.Network.WebSite');
    assert.equal(object.host_id, null);
    assert.equal(object.agent_id, null);
    const pool = await store.db.selectFrom('resource_pool').select('id').where('name', '=', 'All Management Servers').executeTakeFirstOrThrow();
    assert.equal(object.pool_id, pool.id, 'owned by the All Management Servers pool');

    const stateOf = async (): Promise<string | undefined> =>
      (await store!.db.selectFrom('monitor_state').select('state').where('object_id', '=', object.id).where('monitor_id', '=', MONITOR).executeTakeFirst())?.state;
    const startedMs = Date.now();
    await waitUntil(async () => (await stateOf()) === 'healthy', 30_000, 'the web site monitor healthy');
    t.diagnostic(`healthy ${Date.now() - startedMs} ms after the import`);

    await stopSite(site);
    await waitUntil(async () => (await stateOf()) === 'critical', 20_000, 'the web site monitor critical');
    const openAlert = async () => store!.db.selectFrom('alert').selectAll().where('source_id', '=', MONITOR).where('object_id', '=', object.id).executeTakeFirst();
    await waitUntil(async () => (await openAlert()) !== undefined, 10_000, 'the alert');
    const alert = (await openAlert())!;
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.priority, 'high');
    assert.equal(alert.resolution_state, 0);
    assert.equal(alert.name, 'Web site shop is not available');
    const change = await store.db.selectFrom('state_change').selectAll().where('monitor_id', '=', MONITOR).where('to_state', '=', 'critical').executeTakeFirstOrThrow();
    assert.match(change.context_json, /ECONNREFUSED|127\.0\.0\.1/, 'the state change says why');

    site = await serveSite(port);
    await waitUntil(async () => (await stateOf()) === 'healthy', 20_000, 'the web site monitor healthy again');
    await waitUntil(
      async () => (await store!.db.selectFrom('alert').select('resolution_state').where('id', '=', alert.id).executeTakeFirstOrThrow()).resolution_state === 255,
      10_000,
      'the alert resolving',
    );

    const series = await store.db.selectFrom('perf_series').select(['counter', 'instance']).where('object_key', '=', SITE_KEY).execute();
    const counters = new Set(series.map((s) => s.counter));
    for (const counter of ['probe.latency_ms', 'http.response_ms', 'http.status']) assert.ok(counters.has(counter), `perf series ${counter} exists (have ${[...counters].join(', ')})`);
    assert.ok(series.some((s) => s.counter === 'probe.latency_ms' && s.instance === MONITOR));
    const samples = await store.db
      .selectFrom('perf_sample')
      .innerJoin('perf_series', 'perf_series.id', 'perf_sample.series_id')
      .select('perf_sample.value')
      .where('perf_series.object_key', '=', SITE_KEY)
      .where('perf_series.counter', '=', 'http.status')
      .execute();
    assert.ok(samples.some((s) => Number(s.value) === 200), 'status 200 samples stored');
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await stopSite(site).catch(() => undefined);
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
