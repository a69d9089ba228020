// Pool discovery on a real operational database (both dialects): targets listed by an override
// pack become pool-owned objects (no host, no agent) with compiled probes where the probe
// workload reads them; changing the list or an override changes the objects; a target no longer
// listed is removed; running it again with nothing changed writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newId, silentLogger, systemClock, type ManagementServerId } from '@vigil/core';
import { joinAllServersPool, registerManagementServer } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { BUILT_IN_PACKS_DIR } from '@vigil/server';
import { loadPackLibrary } from '../../src/packs/pack-library.ts';
import { importBuiltInPacks, importPackText } from '../../src/packs/pack-import.service.ts';
import { syncPoolObjects } from '../../src/packs/pool-discovery.ts';
import { listPoolObjects } from '../../src/pool/pool-objects.query.ts';

const sitesPack = (version: string, sites: Record<string, string>, intervalSeconds: number): string => `
pack:
  name: Contoso.Sites
  version: ${version}
  displayName: Contoso web sites
  references:
    - { name: Vigil.Network, version: 1.0.0 }
overrides:
  - id: Contoso.Sites.List
    workflow: Vigil.Network.WebSite.Discovery
    parameter: targets
    value: ${JSON.stringify(sites)}
    context: { class: Vigil.Network.WebSite }
  - id: Contoso.Sites.Interval
    workflow: Vigil.Network.WebSite.Availability
    parameter: intervalSeconds
    value: ${intervalSeconds}
    context: { class: Vigil.Network.WebSite }
`;

for (const dialect of DIALECTS) {
  test(`pool discovery creates, recompiles and removes listed web sites [${dialect}]`, async () => {
    const { store, cleanup } = await createTestStore(dialect);
    try {
      const db = store.db;
      const serverId = await registerManagementServer(db, { id: newId<ManagementServerId>(Date.now()), name: 'ms1', host: 'h', linkPort: 1, apiPort: 2, version: 't', nowMs: Date.now() });
      const poolId = await joinAllServersPool(db, serverId, Date.now());
      const packs = await loadPackLibrary(db, silentLogger());
      const context = { db, clock: systemClock, logger: silentLogger(), packs, trustedPublicKeys: [] };
      await importBuiltInPacks(context, BUILT_IN_PACKS_DIR);
      await importPackText(context, sitesPack('1.0.0', { shop: 'https://shop.example', blog: 'http://blog.example' }, 30), 'contoso-sites.pack.yaml', 'test');

      const objects = await db.selectFrom('monitoring_object').selectAll().where('class_id', '=', 'Vigil.Network.WebSite').where('deleted_at', 'is', null).orderBy('object_key').execute();
      assert.deepEqual(objects.map((o) => [o.object_key, o.display_name, o.pool_id, o.host_id, o.agent_id]), [
        ['Vigil.Network.WebSite:blog', 'blog', poolId, null, null],
        ['Vigil.Network.WebSite:shop', 'shop', poolId, null, null],
      ]);
      const pool = await listPoolObjects(db, poolId);
      const shop = pool.find((o) => o.objectKey === 'Vigil.Network.WebSite:shop')!;
      assert.deepEqual(shop.probes.map((p) => [p.monitorId, p.probe, p.intervalMs]), [
        ['Vigil.Network.WebSite.Availability', 'http', 30_000],
        ['Vigil.Network.WebSite.Certificate', 'http', 3_600_000],
        ['Vigil.Network.WebSite.ResponseTime', 'http', 300_000],
      ]);
      assert.deepEqual(shop.probes[0]!.config, { url: 'https://shop.example', timeoutMs: 10000 });
      const properties = JSON.parse(objects[1]!.properties_json) as Record<string, unknown>;
      assert.equal(properties['Url'], 'https://shop.example');
      assert.equal(properties['SiteName'], 'shop');

      assert.deepEqual(await syncPoolObjects(context), { written: 0, removed: 0, compiled: 0, problems: [] }, 'nothing changed, nothing written');

      await importPackText(context, sitesPack('1.0.1', { shop: 'https://shop.example/v2' }, 15), 'contoso-sites.pack.yaml', 'test');
      const after = await listPoolObjects(db, poolId);
      assert.deepEqual(after.map((o) => o.objectKey), ['Vigil.Network.WebSite:shop'], 'blog is no longer listed: removed');
      assert.equal(after[0]!.id, shop.id, 'the same object, updated');
      assert.equal(after[0]!.probes[0]!.intervalMs, 15_000);
      assert.equal((after[0]!.probes[0]!.config as { url: string }).url, 'https://shop.example/v2');
      const blog = await db.selectFrom('monitoring_object').select('deleted_at').where('object_key', '=', 'Vigil.Network.WebSite:blog').executeTakeFirstOrThrow();
      assert.notEqual(blog.deleted_at, null);
    } finally {
      await cleanup();
    }
  });
}
