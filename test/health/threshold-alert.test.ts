// The health model end to end: a management pack's threshold monitor runs on a real agent; the
// value crosses the threshold → state change and alert in the operational database within 1 s;
// back to healthy → the alert closes; with the computer in maintenance → no alert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger, systemClock, type ObjectId } from '@vigil/core';
import { openStore, migrateToLatest, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { BUILT_IN_PACKS_DIR } from '@vigil/server';
import { loadPackLibrary } from '../../apps/server/src/packs/pack-library.ts';
import { importBuiltInPacks, importPackText } from '../../apps/server/src/packs/pack-import.service.ts';
import { startMaintenance } from '../../apps/server/src/maintenance/maintenance.service.ts';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';

const MS_SCRIPT = fileURLToPath(new URL('../link/fixtures/management-server-process.ts', import.meta.url));
const AGENT_SCRIPT = fileURLToPath(new URL('../../apps/agent/test/fixtures/numbered-agent.ts', import.meta.url));
const MONITOR = 'Contoso.Test.QueueDepth';

const testPack = (valueFile: string): string => `
pack:
  name: Contoso.Test
  version: 1.0.0
  displayName: Contoso test pack
  references:
    - { name: Vigil.Core, version: 1.0.0 }
monitors:
  - kind: unit
    id: ${MONITOR}
    displayName: Queue depth
    target: Vigil.Core.Computer
    parent: Performance
    type: threshold
    source: { kind: command, command: /bin/cat, args: ["${valueFile}"], intervalSeconds: 10, timeoutSeconds: 5, output: number }
    config: { direction: above, warning: 80, critical: 90 }
    alert:
      severity: critical
      priority: high
      raiseOn: warning
      name: "Queue depth is {{state}} on {{target.displayName}}"
`;

async function stateOf(store: Store): Promise<string | undefined> {
  return (await store.db.selectFrom('monitor_state').select('state').where('monitor_id', '=', MONITOR).executeTakeFirst())?.state;
}

test('threshold crossed on an agent → state change and alert within 1 s; healthy closes it; maintenance suppresses it', { timeout: 180_000 }, async (t) => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-threshold-'));
  const valueFile = join(dir, 'queue-depth');
  writeFileSync(valueFile, '12\n');
  const processes: JsonLinesProcess[] = [];
  let store: Store | undefined;
  try {
    store = await openStore(database.url);
    await migrateToLatest(store.db);
    const packs = await loadPackLibrary(store.db, silentLogger());
    const packContext = { db: store.db, clock: systemClock, logger: silentLogger(), packs, trustedPublicKeys: [] };
    await importBuiltInPacks(packContext, BUILT_IN_PACKS_DIR);
    await importPackText(packContext, testPack(valueFile), 'contoso-test.pack.yaml', 'test');

    const ms = spawnJsonLines(MS_SCRIPT, ['--db', database.url, '--data', join(dir, 'ms1'), '--name', 'ms1']);
    processes.push(ms);
    const { linkPort } = (await ms.waitFor((l) => l.event === 'started')) as { linkPort: number };
    processes.push(spawnJsonLines(AGENT_SCRIPT, ['--server', `127.0.0.1:${linkPort}`, '--data', join(dir, 'agent'), '--name', 'app01', '--rate', '1', '--count', '1']));
    await waitUntil(async () => (await stateOf(store!)) === 'healthy', 60_000, 'the monitor reporting healthy');

    writeFileSync(valueFile, '95\n');
    await waitUntil(async () => (await store!.db.selectFrom('alert').select('id').where('source_id', '=', MONITOR).executeTakeFirst()) !== undefined, 20_000, 'the alert');
    const seenAtMs = Date.now();
    const change = await store.db.selectFrom('state_change').selectAll().where('monitor_id', '=', MONITOR).where('to_state', '=', 'critical').executeTakeFirstOrThrow();
    const latencyMs = seenAtMs - change.at;
    t.diagnostic(`alert readable ${latencyMs} ms after the agent saw the threshold crossed`);
    assert.ok(latencyMs < 1000, `alert within 1 s of the crossing (took ${latencyMs} ms)`);
    assert.match(change.context_json, /95/, 'the state change keeps the sample that caused it');
    const alert = await store.db.selectFrom('alert').selectAll().where('source_id', '=', MONITOR).executeTakeFirstOrThrow();
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.resolution_state, 0);
    assert.match(alert.name, /^Queue depth is critical on /);

    writeFileSync(valueFile, '20\n');
    await waitUntil(async () => (await store!.db.selectFrom('alert').select('resolution_state').where('id', '=', alert.id).executeTakeFirstOrThrow()).resolution_state === 255, 20_000, 'the alert closing');
    assert.equal(await stateOf(store), 'healthy');

    const computer = await store.db.selectFrom('monitoring_object').select('id').where('class_id', '=', 'Vigil.Core.Computer').executeTakeFirstOrThrow();
    await startMaintenance(
      { db: store.db, clock: systemClock },
      { objectId: computer.id as ObjectId, recursive: true, endMs: Date.now() + 3_600_000, reason: 'other', planned: true, comment: 'patching', by: 'test' },
    );
    writeFileSync(valueFile, '97\n');
    await waitUntil(async () => (await stateOf(store!)) === 'critical', 20_000, 'the monitor going critical in maintenance');
    await new Promise((r) => setTimeout(r, 500));
    const open = await store.db.selectFrom('alert').select('id').where('source_id', '=', MONITOR).where('resolution_state', '<', 254).execute();
    assert.deepEqual(open, [], 'no alert while the computer is in maintenance');
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
