// The heartbeat watcher end to end with a real agent: the agent stops → after 4 missed
// heartbeats the heartbeat-failure alert is raised and, the computer being unreachable, the
// computer-not-reachable alert too; the agent comes back → both resolve by themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { spawnJsonLines, waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';

const MS_SCRIPT = fileURLToPath(new URL('../link/fixtures/management-server-process.ts', import.meta.url));
const AGENT_SCRIPT = fileURLToPath(new URL('../../apps/agent/test/fixtures/numbered-agent.ts', import.meta.url));
const HEARTBEAT = 'Vigil.Core.HealthService.Heartbeat';
const NOT_REACHABLE = 'Vigil.Core.Computer.NotReachable';

async function alertState(store: Store, monitorId: string): Promise<number | undefined> {
  const row = await store.db.selectFrom('alert').select('resolution_state').where('source_id', '=', monitorId).orderBy('raised_at', 'desc').executeTakeFirst();
  return row?.resolution_state;
}

test('heartbeat failure and computer-not-reachable alerts are raised for a stopped agent and resolve when it returns', { timeout: 150_000 }, async (t) => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-heartbeat-'));
  const processes: JsonLinesProcess[] = [];
  let store: Store | undefined;
  try {
    const ms = spawnJsonLines(MS_SCRIPT, ['--db', database.url, '--data', join(dir, 'ms1'), '--name', 'ms1'], {
      VIGIL_HEARTBEAT_INTERVAL_SECONDS: '5',
      VIGIL_HEARTBEAT_WATCH_INTERVAL_MS: '1000',
      VIGIL_LEASE_RENEW_MS: '500',
      VIGIL_LEASE_VALID_MS: '2000',
    });
    processes.push(ms);
    const { linkPort } = (await ms.waitFor((l) => l.event === 'started')) as { linkPort: number };
    store = await openStore(database.url);
    const agentArgs = ['--server', `127.0.0.1:${linkPort}`, '--data', join(dir, 'agent'), '--name', 'hb01', '--rate', '1'];
    const agent = spawnJsonLines(AGENT_SCRIPT, agentArgs);
    processes.push(agent);
    await waitUntil(async () => (await store!.db.selectFrom('agent').select('last_heartbeat_at').executeTakeFirst())?.last_heartbeat_at != null, 30_000, 'first heartbeat');
    // The computer goes off the network with its agent: its recorded name no longer resolves.
    await store.db.updateTable('agent').set({ host_name: 'hb01.vigil-test.invalid' }).execute();

    await agent.kill('SIGKILL');
    const stoppedAt = Date.now();
    await waitUntil(async () => (await alertState(store!, HEARTBEAT)) === 0, 60_000, 'heartbeat failure alert');
    t.diagnostic(`heartbeat failure raised ${Date.now() - stoppedAt} ms after the agent stopped (4 × 5 s heartbeats)`);
    await waitUntil(async () => (await alertState(store!, NOT_REACHABLE)) === 0, 30_000, 'computer not reachable alert');
    const heartbeatAlert = await store.db.selectFrom('alert').selectAll().where('source_id', '=', HEARTBEAT).executeTakeFirstOrThrow();
    assert.equal(heartbeatAlert.severity, 'critical');
    assert.match(heartbeatAlert.name, /hb01/);

    const back = spawnJsonLines(AGENT_SCRIPT, agentArgs);
    processes.push(back);
    const returnedAt = Date.now();
    await waitUntil(async () => (await alertState(store!, HEARTBEAT)) === 255 && (await alertState(store!, NOT_REACHABLE)) === 255, 30_000, 'both alerts resolved');
    t.diagnostic(`both alerts resolved ${Date.now() - returnedAt} ms after the agent returned`);
    const states = await store.db.selectFrom('monitor_state').select(['monitor_id', 'state']).where('monitor_id', 'in', [HEARTBEAT, NOT_REACHABLE]).execute();
    assert.deepEqual(states.map((s) => s.state).sort(), ['healthy', 'healthy']);
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
