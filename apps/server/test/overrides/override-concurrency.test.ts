// Concurrent override writes to one pack, on both dialects: ten sets fired at once through the
// API all end up in the pack, each answered with a distinct pack version that holds it; sets and
// removes interleaved lose nothing; and two management servers (separate processes on one
// database) writing at once lose nothing either.
import { test } from 'node:test';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { FakeClock, parsePack, type ObjectId } from '@vigil/core';
import type { OverrideRemoveResult, OverrideSetResult, OverrideView, PackExport } from '@vigil/protocol';
import { upsertMonitoringObject, listOverrides, type Database } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { startApiHarness, type ApiHarness } from '../api/api-harness.ts';
import { importPacks, CPU_MONITOR } from '../api/monitoring-fixtures.ts';

const COUNT = 10;
const run = promisify(execFile);
const WRITER = fileURLToPath(new URL('./support/override-writer.ts', import.meta.url));

async function adminCaller(h: ApiHarness) {
  await h.createUser('admin1', [{ profile: 'administrator' }]);
  const admin = await h.login('admin1', 'token');
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await h.call(admin, method, `/api/v1${url}`, body);
    assert.equal(response.statusCode, 200, `${method} ${url}: ${response.body}`);
    return (response.body ? response.json() : undefined) as T;
  };
}

async function addComputers(db: Database, nowMs: number, count: number): Promise<ObjectId[]> {
  const ids: ObjectId[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await upsertMonitoringObject(db, { classId: 'Vigil.Core.Computer', objectKey: `host${i}.example.test`, displayName: `host${i}`, properties: { HostName: `host${i}.example.test` }, nowMs }));
  }
  return ids;
}

/** The overrides the exported pack content holds, by the instance each targets. */
async function packInstances(call: <T>(method: string, url: string) => Promise<T>): Promise<string[]> {
  const exported = await call<PackExport>('GET', '/packs/Vigil.Overrides/export');
  const parsed = parsePack(exported.yaml, 'Vigil.Overrides');
  assert.equal(parsed.status, 'parsed');
  return (parsed.status === 'parsed' ? parsed.pack.document.overrides ?? [] : []).map((o) => ('instance' in o.context ? o.context.instance : '')).sort();
}

for (const dialect of DIALECTS) {
  test(`${COUNT} concurrent override sets all land in the pack, each in its own version [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const call = await adminCaller(h);
      const hosts = await addComputers(h.store.db, h.clock.nowMs(), COUNT);
      const results = await Promise.all(hosts.map((id) => call<OverrideSetResult>('POST', '/overrides', { workflowId: CPU_MONITOR, parameter: 'critical', value: 90, context: { kind: 'instance', id } })));

      const versions = results.map((r) => r.packVersion);
      assert.equal(new Set(versions).size, COUNT, `each set answers the version that holds it: ${versions.join(', ')}`);
      assert.deepEqual([...versions].sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2])).at(-1), `1.0.${COUNT - 1}`);
      assert.deepEqual(await packInstances(call), [...hosts].sort(), 'the pack content holds every override');
      const listed = await call<{ items: OverrideView[] }>('GET', '/overrides');
      assert.deepEqual(listed.items.map((o) => o.context.id).sort(), [...hosts].sort(), 'and so do the override rows');
    } finally {
      await h.close();
    }
  });

  test(`concurrent sets and removes interleaved lose nothing [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { prepare: importPacks });
    try {
      const call = await adminCaller(h);
      const hosts = await addComputers(h.store.db, h.clock.nowMs(), COUNT);
      const body = (id: ObjectId) => ({ workflowId: CPU_MONITOR, parameter: 'critical', value: 90, context: { kind: 'instance', id } });
      const first = hosts.slice(0, COUNT / 2);
      const second = hosts.slice(COUNT / 2);
      const initial = await Promise.all(first.map((id) => call<OverrideSetResult>('POST', '/overrides', body(id))));

      const writes = await Promise.all([
        ...initial.map((r) => call<OverrideRemoveResult>('DELETE', `/overrides/${r.override.id}`)),
        ...second.map((id) => call<OverrideSetResult>('POST', '/overrides', body(id))),
      ]);
      assert.equal(new Set(writes.map((w) => w.packVersion)).size, COUNT, 'every write got its own pack version');
      assert.deepEqual(await packInstances(call), [...second].sort(), 'the removed ones are gone, the set ones are there');
      const listed = await call<{ items: OverrideView[] }>('GET', '/overrides');
      assert.deepEqual(listed.items.map((o) => o.context.id).sort(), [...second].sort());
    } finally {
      await h.close();
    }
  });

  test(`two management servers (processes) setting overrides at once lose none [${dialect}]`, async () => {
    const { store, database, cleanup } = await createTestStore(dialect);
    try {
      const clock = new FakeClock(Date.now());
      await importPacks(store, clock);
      const hosts = await addComputers(store.db, clock.nowMs(), COUNT);
      const halves = [hosts.filter((_, i) => i % 2 === 0), hosts.filter((_, i) => i % 2 === 1)];
      const answered = await Promise.all(halves.map(async (ids) => {
        const { stdout } = await run(process.execPath, [WRITER, database.url, JSON.stringify(ids)], { env: { ...process.env, NODE_NO_WARNINGS: '1' } });
        return JSON.parse(stdout) as string[];
      }));
      assert.equal(new Set(answered.flat()).size, COUNT, `each write answered its own pack version: ${answered.flat().join(', ')}`);
      const rows = await listOverrides(store.db);
      assert.deepEqual(rows.map((o) => o.contextId).sort(), [...hosts].sort());
    } finally {
      await cleanup();
    }
  });
}
