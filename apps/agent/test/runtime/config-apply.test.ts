// Configuration from the management server is applied without a restart, acknowledged, persisted
// and resumed after a restart; an unchanged version is not applied again; a rejected one keeps
// the previous configuration running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '@vigil/core';
import { createCertificateAuthority } from '@vigil/pki';
import type { Config } from '@vigil/protocol';
import { startAgent, type AgentWorkflowConfig } from '@vigil/agent';
import { startFakeLinkServer } from '../link/fake-link-server.ts';
import { FAST_TIMINGS, agentConfig, capturedLogger, tempDir, waitUntil } from '../link/link-test-kit.ts';

const configV = (version: string, enabled = true): Config => ({
  kind: 'config',
  version,
  workflows: [{ workflowId: 'cpu-threshold', kind: 'monitor', typeId: 'threshold', targetKey: 'host/agent1', intervalSeconds: 60, enabled, configuration: { threshold: 90 } }],
});

test('config is applied without restart, acked, persisted, not re-applied when unchanged, and resumed after a restart', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca });
  t.after(() => server.stop());
  const dataDir = await tempDir(t);
  const config = agentConfig(dataDir, `127.0.0.1:${server.address.port}`);
  const agent = await startAgent(config, { logger: capturedLogger().logger, clock: systemClock, timings: FAST_TIMINGS });
  const applied: AgentWorkflowConfig[] = [];
  agent.onConfig((next) => (applied.push(next), next.version === 'bad' ? { status: 'rejected', message: 'unknown monitor type' } : { status: 'applied' }));
  await waitUntil('the link', () => agent.status().link.state === 'linked');
  const acks = () => server.received.map((r) => r.message).filter((m) => m.kind === 'config-ack');

  server.broadcast(configV('v1'));
  await waitUntil('ack v1', () => acks().length === 1);
  assert.deepEqual(acks()[0], { kind: 'config-ack', version: 'v1', status: 'applied' });
  assert.equal(agent.currentConfig()?.version, 'v1');
  assert.equal(agent.status().link.state, 'linked', 'still on the same link: no restart');

  server.broadcast(configV('v1'));
  await waitUntil('second ack v1', () => acks().length === 2);
  assert.equal(applied.length, 1, 'an unchanged version is not applied again');

  server.broadcast({ ...configV('bad'), version: 'bad' });
  await waitUntil('ack bad', () => acks().length === 3);
  assert.deepEqual(acks()[2], { kind: 'config-ack', version: 'bad', status: 'rejected', message: 'unknown monitor type' });
  assert.equal(agent.currentConfig()?.version, 'v1', 'the previous configuration keeps running');
  await agent.stop();

  const restarted = await startAgent(config, { logger: capturedLogger().logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => restarted.stop());
  assert.equal(restarted.currentConfig()?.version, 'v1');
  const resumed: string[] = [];
  restarted.onConfig((next) => (resumed.push(next.version), { status: 'applied' }));
  await waitUntil('resumed config', () => resumed.length === 1);
  assert.deepEqual(resumed, ['v1']);
});
