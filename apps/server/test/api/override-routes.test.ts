// Removing an override on both dialects: the next version of its pack is imported without it,
// the list and the effective value no longer show it, the managing agent's configuration is
// recompiled back to the pack default, and the audit log says who removed what. An unknown id
// is NOT_FOUND; a pack with other sections keeps them; an override in a sealed pack is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { parsePack, sealPack, serializePack, type AgentId } from '@vigil/core';
import type { AuditEntry, EffectiveOverride, OverrideRemoveResult, OverrideSetResult, OverrideView, PackExport, Page } from '@vigil/protocol';
import { savePack, upsertMonitoringObject, type Database } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { startApiHarness, type ApiHarness } from './api-harness.ts';
import { importPacks, CPU_MONITOR } from './monitoring-fixtures.ts';
import { testPackYaml } from './monitoring-matrix.ts';

/** The `critical` threshold the agent's compiled configuration gives the CPU monitor, and the configuration version. */
async function compiledCritical(db: Database, agentId: AgentId): Promise<{ critical: unknown; version: string }> {
  const row = await db.selectFrom('agent_config').select(['version', 'content_json']).where('agent_id', '=', agentId).executeTakeFirstOrThrow();
  const workflows = JSON.parse(row.content_json) as Array<{ workflowId: string; configuration: { config: Record<string, unknown> } }>;
  return { critical: workflows.find((w) => w.workflowId === CPU_MONITOR)?.configuration.config.critical, version: row.version };
}

async function adminCaller(h: ApiHarness) {
  await h.createUser('admin1', [{ profile: 'administrator' }]);
  const admin = await h.login('admin1', 'token');
  return async <T>(method: string, url: string, body?: unknown, status = 200): Promise<T> => {
    const response = await h.call(admin, method, `/api/v1${url}`, body);
    assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
    return (response.body ? response.json() : undefined) as T;
  };
}

for (const dialect of DIALECTS) {
  test(`removing an override recompiles the agent back to the default and is audited [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const call = await adminCaller(h);
      const agentId = await h.addAgent('web01', 'approved');
      const web01 = await upsertMonitoringObject(h.store.db, { classId: 'Vigil.Core.Computer', objectKey: 'web01.example.test', displayName: 'web01', agentId, properties: { HostName: 'web01.example.test' }, nowMs: h.clock.nowMs() });
      const instance = { workflowId: CPU_MONITOR, parameter: 'critical', context: { kind: 'instance', id: web01 } };
      const set = await call<OverrideSetResult>('POST', '/overrides', { ...instance, value: 90 });
      const kept = await call<OverrideSetResult>('POST', '/overrides', { ...instance, parameter: 'samples', value: 5 });
      const before = await compiledCritical(h.store.db, agentId);
      assert.equal(before.critical, 90);

      const removed = await call<OverrideRemoveResult>('DELETE', `/overrides/${set.override.id}`);
      assert.deepEqual(removed.removed, set.override);
      assert.equal(removed.packName, 'Vigil.Overrides');
      assert.equal(removed.packVersion, '1.0.2', 'one version after the two sets');
      assert.equal(removed.recompiledAgents, 1);

      const listed = await call<{ items: OverrideView[] }>('GET', '/overrides');
      assert.deepEqual(listed.items.map((o) => o.id), [kept.override.id], 'the other override stays, under the same id');
      const effective = await call<EffectiveOverride>('GET', `/overrides/effective?objectId=${web01}&workflowId=${CPU_MONITOR}&parameter=critical`);
      assert.equal(effective.kind, 'default');
      assert.equal(effective.value, 95);
      const after = await compiledCritical(h.store.db, agentId);
      assert.equal(after.critical, 95, 'the agent runs with the pack default again');
      assert.notEqual(after.version, before.version, 'a new configuration version for the link to push');
      const exported = await call<PackExport>('GET', '/packs/Vigil.Overrides/export');
      assert.match(exported.yaml, /version: 1\.0\.2/);
      assert.doesNotMatch(exported.yaml, /parameter: critical/);

      const audit = await call<Page<AuditEntry>>('GET', '/audit?action=override.remove');
      assert.equal(audit.items.length, 1);
      assert.equal(audit.items[0]!.userName, 'admin1');
      assert.equal(audit.items[0]!.targetId, set.override.id);
      assert.equal(audit.items[0]!.detail.packVersion, '1.0.2');

      const last = await call<OverrideRemoveResult>('DELETE', `/overrides/${kept.override.id}`);
      assert.equal(last.packVersion, '1.0.3');
      assert.doesNotMatch((await call<PackExport>('GET', '/packs/Vigil.Overrides/export')).yaml, /Vigil\.Linux/, 'no override left needs Vigil.Linux, so it is no longer referenced');
      assert.deepEqual((await call<{ items: OverrideView[] }>('GET', '/overrides')).items, []);

      const gone = await call<{ error: { code: string; message: string } }>('DELETE', `/overrides/${set.override.id}`, undefined, 404);
      assert.equal(gone.error.code, 'NOT_FOUND');
      assert.match(gone.error.message, /vigil override list/);
    } finally {
      await h.close();
    }
  });

  test(`removing an override keeps the rest of its pack; a sealed pack is refused [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const call = await adminCaller(h);
      await call('POST', '/packs', { yaml: testPackYaml('Test.Mixed') });
      const set = await call<OverrideSetResult>('POST', '/overrides', { workflowId: CPU_MONITOR, parameter: 'critical', value: 80, context: { kind: 'class', id: 'Vigil.Core.Computer' }, packName: 'Test.Mixed' });
      const removed = await call<OverrideRemoveResult>('DELETE', `/overrides/${set.override.id}`);
      assert.equal(removed.packName, 'Test.Mixed');
      const classes = await call<{ items: Array<{ id: string }> }>('GET', '/classes');
      assert.ok(classes.items.some((c) => c.id === 'Test.Mixed.Thing'), "the pack's class is still there");

      // Validation keeps overrides out of sealed packs, so only a direct write can put one there.
      const parsed = parsePack(testPackYaml('Test.Sealed'), 'sealed.pack.yaml');
      assert.equal(parsed.status, 'parsed');
      const sealed = sealPack(parsed.status === 'parsed' ? parsed.pack.document : (undefined as never), generateKeyPairSync('ed25519').privateKey);
      const pack = { name: 'Test.Sealed', version: '1.0.0', displayName: 'Sealed', sealed: true, sealKeyId: sealed.seal!.keyId, content: serializePack(sealed), importedAtMs: h.clock.nowMs(), importedBy: 'test' };
      await savePack(h.store.db, pack, [], [{ id: 'Test.Sealed.O1', workflowId: CPU_MONITOR, parameter: 'critical', value: 70, contextKind: 'class', contextId: 'Vigil.Core.Computer', enforced: false }]);
      const refused = await call<{ error: { code: string; message: string } }>('DELETE', '/overrides/Test.Sealed.O1', undefined, 409);
      assert.equal(refused.error.code, 'CONFLICT');
      assert.match(refused.error.message, /sealed management pack Test\.Sealed/);
    } finally {
      await h.close();
    }
  });
}
