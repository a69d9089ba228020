// Enrollment against a real TLS endpoint: approval stores the identity (0600) and the agent
// links with it; a pending or rejected agent sends nothing but enroll-request; the CA is pinned
// by a join token or trusted on first use, and a mismatch is refused before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '@vigil/core';
import { createCertificateAuthority, createJoinToken } from '@vigil/pki';
import { startAgent } from '@vigil/agent';
import { startFakeLinkServer } from './fake-link-server.ts';
import { FAST_TIMINGS, agentConfig, capturedLogger, tempDir, waitUntil } from './link-test-kit.ts';

const perf = (value: number) => ({ kind: 'perf' as const, objectKey: 'host/agent1', counter: 'test.seq', value, timestampMs: Date.now() });

test('an approved agent stores its identity 0600, trusts the CA on first use and then streams with its certificate', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca });
  t.after(() => server.stop());
  const dataDir = await tempDir(t);
  const log = capturedLogger();
  const agent = await startAgent(agentConfig(dataDir, `127.0.0.1:${server.address.port}`), { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  agent.submit([perf(1)]);
  await waitUntil('the batch', () => server.received.some((r) => r.message.kind === 'batch' && r.authenticated));
  await waitUntil('the ack', () => agent.status().spool.pendingCount === 0);
  assert.equal(agent.status().link.state, 'linked');
  assert.ok(log.has(/Trusting the management group CA .* on first use \(fingerprint [0-9A-F:]{95}\)/), 'TOFU fingerprint logged');
  assert.ok(log.has(/Enrollment approved/));
  for (const file of ['key.pem', 'csr.pem', 'cert.pem', 'ca.pem', 'trusted-ca.pem']) {
    assert.equal((await stat(join(dataDir, 'identity', file))).mode & 0o777, 0o600, file);
  }
  assert.equal((await stat(join(dataDir, 'identity'))).mode & 0o777, 0o700);
  const unauthenticatedKinds = server.received.filter((r) => !r.authenticated).map((r) => r.message.kind);
  assert.deepEqual([...new Set(unauthenticatedKinds)], ['enroll-request']);
});

test('a pending agent logs the state once, sends nothing but enroll-request, and links once approved', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca, enrollment: 'pending' });
  t.after(() => server.stop());
  const log = capturedLogger();
  const agent = await startAgent(agentConfig(await tempDir(t), `127.0.0.1:${server.address.port}`), { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  agent.submit([perf(1), perf(2)]);
  await waitUntil('three enrollment attempts', () => server.received.length >= 3);
  assert.ok(server.received.every((r) => r.message.kind === 'enroll-request' && !r.authenticated));
  assert.equal(log.lines.filter((l) => /pending approval/.test(l.msg)).length, 1, 'pending logged once per state change');
  assert.ok(log.has(/Waiting for an administrator to approve this agent/));
  assert.equal(agent.status().link.state, 'pending');
  server.enrollment = 'approve';
  await waitUntil('the batch after approval', () => server.received.some((r) => r.message.kind === 'batch'));
  await waitUntil('the ack', () => agent.status().spool.pendingCount === 0);
});

test('a rejected agent logs the rejection and keeps asking at the rejected interval', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca, enrollment: 'reject' });
  t.after(() => server.stop());
  const log = capturedLogger();
  const agent = await startAgent(agentConfig(await tempDir(t), `127.0.0.1:${server.address.port}`), { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  agent.submit([perf(1)]);
  await waitUntil('two attempts', () => server.received.length >= 2);
  assert.ok(server.received.every((r) => r.message.kind === 'enroll-request'));
  assert.ok(log.lines.some((l) => l.level === 50 && /rejected by .*The management group rejects new agents/.test(l.msg)));
  assert.equal(agent.status().link.state, 'rejected');
});

test('a join token pinning another CA is refused before the token is sent', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const other = await createCertificateAuthority({ groupName: 'Other', validityDays: 30 });
  const server = await startFakeLinkServer({ ca });
  t.after(() => server.stop());
  const log = capturedLogger();
  const { token } = createJoinToken(other.fingerprintSha256);
  const agent = await startAgent(agentConfig(await tempDir(t), `127.0.0.1:${server.address.port}`, { joinToken: token }), { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  await waitUntil('the refusal', () => log.has(/not the CA pinned by the join token/));
  assert.equal(server.received.length, 0, 'nothing sent to a server of another CA');
  assert.equal(agent.status().link.state, 'refused');
});

test('a join token pinning the right CA enrolls', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca });
  t.after(() => server.stop());
  const log = capturedLogger();
  const { token } = createJoinToken(ca.fingerprintSha256);
  const agent = await startAgent(agentConfig(await tempDir(t), `127.0.0.1:${server.address.port}`, { joinToken: token }), { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  await waitUntil('the link', () => agent.status().link.state === 'linked');
  const request = server.received.find((r) => r.message.kind === 'enroll-request')?.message;
  assert.equal(request?.kind === 'enroll-request' ? request.joinToken : undefined, token);
  assert.ok(log.has(/matches the join token's pin/));
});

test('a CA trusted on first use is kept: a server of another CA is refused with a clear log line', async (t) => {
  const first = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const impostor = await createCertificateAuthority({ groupName: 'Evil', validityDays: 30 });
  const server = await startFakeLinkServer({ ca: impostor });
  t.after(() => server.stop());
  const dataDir = await tempDir(t);
  await mkdir(join(dataDir, 'identity'), { recursive: true });
  await writeFile(join(dataDir, 'identity', 'trusted-ca.pem'), first.certPem, { mode: 0o600 });
  const log = capturedLogger();
  const agent = await startAgent(agentConfig(dataDir, `127.0.0.1:${server.address.port}`), { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  await waitUntil('the refusal', () => log.has(/not issued by the CA this agent trusted at first contact/));
  assert.ok(log.has(/delete identity\/trusted-ca\.pem/));
  assert.equal(server.received.length, 0);
});

test('--ca-file: a server whose certificate another CA issued is refused', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const other = await createCertificateAuthority({ groupName: 'G2', validityDays: 30 });
  const server = await startFakeLinkServer({ ca: other });
  t.after(() => server.stop());
  const dataDir = await tempDir(t);
  const caFile = join(dataDir, 'group-ca.pem');
  await writeFile(caFile, ca.certPem);
  const log = capturedLogger();
  const agent = await startAgent(agentConfig(join(dataDir, 'agent'), `127.0.0.1:${server.address.port}`, { caFile }), { logger: log.logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  await waitUntil('the refusal', () => log.has(/not issued by the CA given with --ca-file/));
  assert.equal(server.received.length, 0);
});
