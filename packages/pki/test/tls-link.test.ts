// Real TLS 1.3 sockets on 127.0.0.1: who gets onto a link and why the others are refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '@vigil/core';
import { createCrl, verifyPeerCertificate, type CertificateAuthority } from '@vigil/pki';
import { agentIdentity, createTestCa, DAY_MS, serverIdentity, type IssuedIdentity } from './pki-fixtures.ts';
import { clientOptions, connectClient, startTestServer, type TestServer } from './tls-harness.ts';

describe('TLS 1.3 link with mutual certificate authentication', () => {
  let ca: CertificateAuthority;
  let ms: IssuedIdentity;
  let agent: IssuedIdentity;
  let revokedAgent: IssuedIdentity;
  let server: TestServer;

  before(async () => {
    ca = await createTestCa();
    ms = await serverIdentity(ca);
    agent = await agentIdentity(ca);
    revokedAgent = await agentIdentity(ca, { name: 'revoked.test' });
    server = await startTestServer({ identity: ms, revokedSerials: new Set([revokedAgent.issued.serial]) });
  });
  after(() => server.close());

  it('lets an agent with a certificate from the group CA on, and tells the server its role', async () => {
    const client = await connectClient(server.port, clientOptions(agent));
    const outcome = await server.nextOutcome();
    assert.equal(outcome.status, 'trusted');
    assert.deepEqual(outcome, { status: 'trusted', serial: agent.issued.serial, commonName: 'agent1.test', role: 'agent', groupName: 'Test Group', notAfterMs: agent.issued.notAfterMs });
    assert.equal(client.received, 'welcome agent');
    assert.equal(client.error, undefined);
  });

  it('refuses a certificate issued by another management group', async () => {
    const otherCa = await createTestCa('Other Group');
    const stranger = await agentIdentity(otherCa, { name: 'stranger.test' });
    const client = await connectClient(server.port, clientOptions({ ...stranger, caCertPem: ca.certPem }));
    const outcome = await server.nextOutcome();
    assert.equal(outcome.status, 'refused');
    assert.equal(outcome.status === 'refused' && outcome.reason, 'unknown-ca');
    assert.equal(client.received, '');
    const direct = verifyPeerCertificate(ca, stranger.certPem, { revokedSerials: new Set(), nowMs: Date.now() });
    assert.equal(direct.status === 'refused' && direct.reason, 'unknown-ca');
  });

  it('refuses a revoked certificate after the handshake', async () => {
    const client = await connectClient(server.port, clientOptions(revokedAgent));
    const outcome = await server.nextOutcome();
    assert.equal(outcome.status === 'refused' && outcome.reason, 'revoked');
    assert.match(outcome.status === 'refused' ? outcome.message : '', /revoked\.test.*has been revoked/);
    assert.equal(client.received, '');
  });

  it('refuses a revoked certificate during the handshake when the server has a CRL', async () => {
    const crlPem = await createCrl(ca, [revokedAgent.issued.serial]);
    const crlServer = await startTestServer({ identity: ms, crlPem });
    try {
      await connectClient(crlServer.port, clientOptions(revokedAgent));
      const outcome = await crlServer.nextOutcome();
      assert.equal(outcome.status === 'refused' && outcome.reason, 'revoked');
      await connectClient(crlServer.port, clientOptions(agent));
      assert.equal((await crlServer.nextOutcome()).status, 'trusted');
    } finally {
      await crlServer.close();
    }
  });

  it('refuses an expired certificate', async () => {
    const expired = await agentIdentity(ca, { name: 'old.test', validityDays: 1, clock: new FakeClock(Date.now() - 10 * DAY_MS) });
    const client = await connectClient(server.port, clientOptions(expired));
    const outcome = await server.nextOutcome();
    assert.equal(outcome.status === 'refused' && outcome.reason, 'expired');
    assert.equal(client.received, '');
    const direct = verifyPeerCertificate(ca, expired.certPem, { revokedSerials: new Set(), nowMs: Date.now() });
    assert.equal(direct.status === 'refused' && direct.reason, 'expired');
  });

  it('refuses a client without a certificate, and the client learns why', async () => {
    const client = await connectClient(server.port, clientOptions({ caCertPem: ca.certPem }));
    const outcome = await server.nextOutcome();
    assert.equal(outcome.status === 'refused' && outcome.reason, 'no-certificate');
    assert.equal(client.refusal?.reason, 'no-certificate');
  });

  it('refuses a role the endpoint does not accept', async () => {
    const peerServer = await startTestServer({ identity: ms, expectedRoles: ['management-server'] });
    try {
      await connectClient(peerServer.port, clientOptions(agent));
      const outcome = await peerServer.nextOutcome();
      assert.equal(outcome.status === 'refused' && outcome.reason, 'wrong-role');
      await connectClient(peerServer.port, clientOptions(ms));
      const msOutcome = await peerServer.nextOutcome();
      assert.equal(msOutcome.status === 'trusted' && msOutcome.role, 'management-server');
    } finally {
      await peerServer.close();
    }
  });

  it('makes the client refuse a server from another group', async () => {
    const otherCa = await createTestCa('Other Group');
    const impostor = await startTestServer({ identity: { ...(await serverIdentity(otherCa)), caCertPem: ca.certPem } });
    try {
      const client = await connectClient(impostor.port, clientOptions(agent));
      assert.equal(client.refusal?.reason, 'unknown-ca');
      assert.equal(client.received, '');
    } finally {
      await impostor.close();
    }
  });

  it('makes the client refuse an agent certificate used to serve a link', async () => {
    const agentAsServer = await startTestServer({ identity: agent });
    try {
      const client = await connectClient(agentAsServer.port, clientOptions(ms));
      assert.equal(client.refusal?.reason, 'wrong-role');
    } finally {
      await agentAsServer.close();
    }
  });
});
