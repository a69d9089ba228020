// Failover and failback between two servers sharing one database: the agent moves to the
// secondary within moments of losing the primary, probes the primary and moves back once it
// accepts links, and every numbered sample arrives exactly once. A pushed failover list is
// persisted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '@vigil/core';
import { createCertificateAuthority } from '@vigil/pki';
import { startAgent } from '@vigil/agent';
import { createFakeDatabase, startFakeLinkServer, type FakeLinkServer } from './fake-link-server.ts';
import { FAST_TIMINGS, agentConfig, capturedLogger, tempDir, waitUntil } from './link-test-kit.ts';

const perf = (value: number) => ({ kind: 'perf' as const, objectKey: 'host/agent1', counter: 'test.seq', value, timestampMs: 1_700_000_000_000 + value });

function committedValues(server: FakeLinkServer): number[] {
  return [...server.db.committed.values()].flatMap((bySeq) => [...bySeq.values()]).flatMap((b) => b.items.map((i) => (i.kind === 'perf' ? i.value : -1))).filter((v) => v >= 0).sort((a, b) => a - b);
}

test('fails over to the second server when the first goes away and fails back when it returns, losing and duplicating nothing', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const db = createFakeDatabase();
  let primary = await startFakeLinkServer({ ca, db, name: 'ms1' });
  const secondary = await startFakeLinkServer({ ca, db, name: 'ms2' });
  const primaryPort = primary.address.port;
  t.after(async () => {
    await primary.stop();
    await secondary.stop();
  });
  const log = capturedLogger();
  const config = agentConfig(await tempDir(t), `127.0.0.1:${primaryPort}`, { failover: `127.0.0.1:${secondary.address.port}`, batchMaxItems: 5 });
  const agent = await startAgent(config, { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  let n = 0;
  const producer = setInterval(() => agent.submit([perf(++n)]), 5);
  t.after(() => clearInterval(producer));

  await waitUntil('linked to the primary', () => agent.status().link.session?.server.port === primaryPort);
  await waitUntil('some data on the primary', () => primary.received.some((r) => r.message.kind === 'batch'));
  await primary.stop();
  const lostAtMs = Date.now();
  await waitUntil('linked to the secondary', () => agent.status().link.session?.server.port === secondary.address.port, 3000);
  assert.ok(Date.now() - lostAtMs < 2000, 'failover within seconds');
  await waitUntil('data on the secondary', () => secondary.received.some((r) => r.message.kind === 'batch'));

  primary = await startFakeLinkServer({ ca, db, name: 'ms1', port: primaryPort });
  await waitUntil('back on the primary', () => agent.status().link.session?.server.port === primaryPort, 3000);
  await waitUntil('the secondary link closed', () => secondary.sessionCount() === 0);
  assert.ok(log.has(/accepts links again; moving back to it/));
  await waitUntil('data on the primary again', () => primary.received.some((r) => r.message.kind === 'batch'));

  clearInterval(producer);
  await waitUntil('everything acked', () => agent.status().spool.pendingCount === 0);
  const values = committedValues(primary);
  assert.deepEqual(values, Array.from({ length: n }, (_, i) => i + 1), 'every sample exactly once, none lost');
});

test('a pushed failover list replaces the configured one and is persisted', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca });
  t.after(() => server.stop());
  const dataDir = await tempDir(t);
  const agent = await startAgent(agentConfig(dataDir, `127.0.0.1:${server.address.port}`), { logger: capturedLogger().logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  await waitUntil('the link', () => agent.status().link.state === 'linked');
  server.broadcast({ kind: 'failover-list', servers: [{ host: '127.0.0.1', port: server.address.port }, { host: 'ms2.example.com', port: 5723 }] });
  await waitUntil('the new list', () => agent.status().link.servers.length === 2);
  const path = join(dataDir, 'state', 'failover-servers.json');
  await waitUntil('the persisted list', () => existsSync(path));
  const persisted = JSON.parse(await readFile(path, 'utf8')) as { servers: string[] };
  assert.deepEqual(persisted.servers, [`127.0.0.1:${server.address.port}`, 'ms2.example.com:5723']);
});
