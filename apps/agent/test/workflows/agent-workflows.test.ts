// A real agent (startAgent) linked to a test link server runs the workflows the server sends —
// a Linux-pack configuration compiled for its computer and a discovered disk — and delivers the
// discovery, state-change and perf items in batches. A later config replaces it without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '@vigil/core';
import { createCertificateAuthority } from '@vigil/pki';
import type { Item } from '@vigil/protocol';
import { startAgent } from '@vigil/agent';
import { startFakeLinkServer } from '../link/fake-link-server.ts';
import { FAST_TIMINGS, agentConfig, capturedLogger, tempDir, waitUntil } from '../link/link-test-kit.ts';
import { T1 } from '../collectors/collect-helpers.ts';
import { COMPUTER, HOST } from './engine-kit.ts';
import { compileWorkflows, loadPacks, STANDARD_PACKS, toConfig } from './pack-compiler.ts';

test('startAgent runs a compiled Linux-pack configuration and delivers its items over the link', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca });
  t.after(() => server.stop());
  const dataDir = await tempDir(t);
  const agent = await startAgent(agentConfig(dataDir, `127.0.0.1:${server.address.port}`), {
    logger: capturedLogger().logger, clock: systemClock, timings: FAST_TIMINGS, workflows: { rootPath: T1, random: () => 0 },
  });
  t.after(() => agent.stop());
  await waitUntil('the link', () => agent.status().link.state === 'linked');
  const items = (): Item[] => server.received.flatMap((r) => (r.message.kind === 'batch' ? r.message.items : []));

  const rootDisk = { classId: 'Vigil.Linux.LogicalDisk', key: `Vigil.Linux.LogicalDisk:${HOST}//`, properties: { MountPoint: '/' } };
  const packs = loadPacks(...STANDARD_PACKS);
  const first = toConfig(compileWorkflows(packs, [COMPUTER, rootDisk]));
  server.broadcast(first);
  await waitUntil('discovery and disk state', () => items().some((i) => i.kind === 'discovery') && items().some((i) => i.kind === 'state-change' && i.objectKey === rootDisk.key), 10_000);
  const discoveries = items().filter((i) => i.kind === 'discovery').map((i) => i.discoveryId);
  assert.ok(discoveries.includes('Vigil.Linux.LogicalDisk.Discovery'));
  assert.ok(items().some((i) => i.kind === 'perf' && i.counter === 'logical-disk.free.percent' && i.objectKey === rootDisk.key));
  const acks = server.received.map((r) => r.message).filter((m) => m.kind === 'config-ack');
  assert.deepEqual(acks.at(-1), { kind: 'config-ack', version: first.version, status: 'applied' });

  // Turn the disk monitor off by override: applied on the same link, no restart.
  const second = toConfig(compileWorkflows(packs, [COMPUTER, rootDisk], { 'Vigil.Linux.LogicalDisk.FreeSpace': { enabled: false } }));
  server.broadcast(second);
  await waitUntil('ack of the second config', () => server.received.some((r) => r.message.kind === 'config-ack' && r.message.version === second.version));
  assert.equal(agent.status().link.state, 'linked');
  assert.equal(agent.currentConfig()?.version, second.version);
});
