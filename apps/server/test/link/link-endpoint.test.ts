import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, newId, type AgentId } from '@vigil/core';
import {
  createCertificateAuthority, createKeyAndCsr, createJoinToken, joinTokenHash, certificateFingerprintSha256, signCsr,
} from '@vigil/pki';
import { findAgentByName, revokeCertificate, setAgentFailover, setApprovalPolicy } from '@vigil/store';
import { CURRENT_PROTOCOL_VERSION } from '@vigil/protocol';
import type { RunningManagementServer } from '@vigil/server';
import { approveAgent } from '../../src/enrollment/agent-approval.service.ts';
import { openTestLink, type TestLink } from './link-test-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

describe('link endpoint', () => {
  let server: RunningManagementServer;
  let testServer: TestServer;
  let url: string;

  before(async () => {
    testServer = await startTestServer('sqlite', 'ms-link');
    server = testServer.server;
    url = testServer.url;
  });
  after(() => testServer.stop());

  const ca = () => ({ caCertPem: server.ca.certPem });
  const enroll = async (name: string, keys: { csrPem: string }, joinToken?: string) => {
    const link = await openTestLink(url, ca());
    link.send({ kind: 'enroll-request', agentName: name, hostName: `${name}.example`, csrPem: keys.csrPem, ...(joinToken ? { joinToken } : {}) });
    const result = await link.next('enroll-result');
    await link.closed();
    return result;
  };
  const hello = (name: string) => ({ kind: 'hello' as const, protocolVersions: [CURRENT_PROTOCOL_VERSION], role: 'agent' as const, agentName: name, hostName: `${name}.example`, agentVersion: '0.1.0', capabilities: [] });

  /** Enrolls and approves an agent, returning an established link and its identity. */
  const linkedAgent = async (name: string): Promise<{ link: TestLink; agentId: AgentId; certPem: string; privateKeyPem: string }> => {
    const keys = await createKeyAndCsr({ commonName: name });
    assert.equal((await enroll(name, keys)).status, 'pending');
    await approveAgent({ db: server.store.db, ca: server.ca, clock: new FakeClock(Date.now()) }, name, 'test');
    const approved = await enroll(name, keys);
    assert.equal(approved.status, 'approved');
    const certPem = approved.status === 'approved' ? approved.certPem : '';
    const link = await openTestLink(url, { ...ca(), certPem, privateKeyPem: keys.privateKeyPem });
    link.send(hello(name));
    const welcome = await link.next('welcome');
    return { link, agentId: welcome.agentId as AgentId, certPem, privateKeyPem: keys.privateKeyPem };
  };

  test('without a certificate only enrollment is accepted; pending agents are told so until approved', async () => {
    const link = await openTestLink(url, ca());
    link.send(hello('sneaky'));
    const error = await link.next('error');
    assert.equal(error.code, 'not-enrolled');
    await link.closed();

    const keys = await createKeyAndCsr({ commonName: 'web01' });
    const pending = await enroll('web01', keys);
    assert.equal(pending.status, 'pending');
    assert.match(pending.status === 'pending' ? pending.message : '', /vigil agent approve web01/);
    assert.equal((await findAgentByName(server.store.db, 'web01'))?.approvalState, 'pending');
    assert.equal((await enroll('web01', keys)).status, 'pending', 'asking again changes nothing');
    await approveAgent({ db: server.store.db, ca: server.ca, clock: new FakeClock(Date.now()) }, 'web01', 'admin');
    const approved = await enroll('web01', keys);
    assert.equal(approved.status, 'approved');
    assert.equal(approved.status === 'approved' && approved.caCertPem, server.ca.certPem);
  });

  test('a one-time join token approves under the reject policy, and works once', async () => {
    await setApprovalPolicy(server.store.db, 'reject');
    try {
      const { token, parsed } = createJoinToken(certificateFingerprintSha256(server.ca.certPem));
      await server.store.db.insertInto('join_token').values({ id: parsed.id, token_hash: joinTokenHash(parsed), created_at: Date.now(), expires_at: Date.now() + 60_000, used_at: null, used_by: null }).execute();
      assert.equal((await enroll('tok01', await createKeyAndCsr({ commonName: 'tok01' }), token)).status, 'approved');
      const reused = await enroll('tok02', await createKeyAndCsr({ commonName: 'tok02' }), token);
      assert.equal(reused.status, 'rejected');
      assert.match(reused.status === 'rejected' ? reused.message : '', /already used/);
      const policy = await enroll('nopolicy', await createKeyAndCsr({ commonName: 'nopolicy' }));
      assert.equal(policy.status, 'rejected');
      assert.match(policy.status === 'rejected' ? policy.message : '', /rejects manually installed agents/);
    } finally {
      await setApprovalPolicy(server.store.db, 'review');
    }
  });

  test('unknown CA, expired and revoked certificates are refused with the reason; counted', async () => {
    const foreignCa = await createCertificateAuthority({ groupName: 'Other', validityDays: 30 });
    const foreignKeys = await createKeyAndCsr({ commonName: 'intruder' });
    const foreign = await signCsr(foreignCa, foreignKeys.csrPem, { role: 'agent', validityDays: 30 });
    const intruder = await openTestLink(url, { ...ca(), certPem: foreign.certPem, privateKeyPem: foreignKeys.privateKeyPem });
    const refusal = await intruder.next('error');
    assert.equal(refusal.code, 'forbidden');
    assert.match(refusal.message, /CA|certificate authority/i);
    assert.equal(server.linkStats.refused['unknown-ca'], 1);

    const oldKeys = await createKeyAndCsr({ commonName: 'old01' });
    const expired = await signCsr(server.ca, oldKeys.csrPem, { role: 'agent', validityDays: 0.0001, clock: new FakeClock(Date.now() - 60_000) });
    const stale = await openTestLink(url, { ...ca(), certPem: expired.certPem, privateKeyPem: oldKeys.privateKeyPem });
    assert.match((await stale.next('error')).message, /expired/i);
    assert.equal(server.linkStats.refused.expired, 1);

    const agent = await linkedAgent('revoked01');
    const serial = (await findAgentByName(server.store.db, 'revoked01'))!.certificateSerial!;
    await revokeCertificate(server.store.db, serial, 'test', Date.now());
    agent.link.close();
    const again = await openTestLink(url, { ...ca(), certPem: agent.certPem, privateKeyPem: agent.privateKeyPem });
    again.send(hello('revoked01'));
    const revoked = await again.next('error');
    assert.equal(revoked.code, 'certificate-revoked');
  });

  test('fuzzed and oversized frames get an error and a closed link; the server carries on', async () => {
    const { link } = await linkedAgent('fuzz01');
    link.sendRaw('{"kind":"batch","sourceId":"nope"');
    assert.equal((await link.next('error')).code, 'invalid-message');
    await link.closed();
    const before = server.linkStats.invalidFrames;
    for (const garbage of ['', 'null', '[]', '{"kind":"hello","__proto__":{"x":1}}', Buffer.from([0xff, 0xfe, 0x00]), '{"kind":"batch","items":' + '['.repeat(5000)]) {
      const victim = await linkedAgent(`fuzz-${server.linkStats.invalidFrames}-${Math.random().toString(36).slice(2, 7)}`);
      victim.link.sendRaw(garbage);
      await victim.link.next('error');
      await victim.link.closed();
    }
    assert.ok(server.linkStats.invalidFrames >= before + 6);
    const big = await linkedAgent('big01');
    big.link.sendRaw('x'.repeat(4 * 1024 * 1024 + 10));
    assert.equal((await big.link.next('error')).code, 'too-large');
    assert.ok(server.linkStats.oversizedFrames >= 1);
    const healthy = await linkedAgent('after-fuzz');
    healthy.link.send({ kind: 'batch', sourceId: healthy.agentId, seq: 1, items: [{ kind: 'perf', objectKey: 'x', counter: 'c', value: 1, timestampMs: Date.now() }] });
    assert.equal((await healthy.link.next('ack')).seq, 1);
    healthy.link.close();
  });

  test('batches from another source are refused; tasks, configuration and failover lists are pushed', async () => {
    const agent = await linkedAgent('ctl01');
    await server.store.db.insertInto('task').values({ id: newId(), agent_id: agent.agentId, object_id: null, task_type: 'run-command', parameters_json: '{"executable":"true"}', status: 'queued', output: null, exit_code: null, submitted_by: 'admin', submitted_at: Date.now(), completed_at: null, timeout_seconds: 30 }).execute();
    const task = await agent.link.next('task-request', 5000);
    agent.link.send({ kind: 'task-result', taskId: task.taskId, status: 'succeeded', output: 'done', exitCode: 0 });
    await server.store.db
      .insertInto('agent_config')
      .values({ agent_id: agent.agentId, version: 'v1', content_json: '[]', updated_at: Date.now(), applied_version: null })
      .onConflict((oc) => oc.column('agent_id').doUpdateSet({ version: 'v1', content_json: '[]', applied_version: null }))
      .execute();
    // The configuration compiled from the built-in packs arrived when the agent linked; v1 follows.
    let config = await agent.link.next('config', 5000);
    if (config.version !== 'v1') config = await agent.link.next('config', 5000);
    assert.equal(config.version, 'v1');
    agent.link.send({ kind: 'config-ack', version: 'v1', status: 'applied' });
    await setAgentFailover(server.store.db, agent.agentId, ['10.0.0.2:5723', '10.0.0.3:5723']);
    const failover = await agent.link.next('failover-list', 5000);
    assert.deepEqual(failover.servers, [{ host: '10.0.0.2', port: 5723 }, { host: '10.0.0.3', port: 5723 }]);
    await new Promise((r) => setTimeout(r, 300));
    const taskRow = await server.store.db.selectFrom('task').selectAll().where('id', '=', task.taskId).executeTakeFirstOrThrow();
    assert.equal(taskRow.status, 'succeeded');
    assert.equal(taskRow.output, 'done');
    const configRow = await server.store.db.selectFrom('agent_config').selectAll().where('agent_id', '=', agent.agentId).executeTakeFirstOrThrow();
    assert.equal(configRow.applied_version, 'v1');

    agent.link.send({ kind: 'batch', sourceId: newId(), seq: 1, items: [{ kind: 'perf', objectKey: 'x', counter: 'c', value: 1, timestampMs: Date.now() }] });
    assert.equal((await agent.link.next('error')).code, 'forbidden');
  });
});
