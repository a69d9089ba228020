import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { FakeClock, isVigilError } from '@vigil/core';
import {
  createCertificateAuthority, createKeyAndCsr, createKeyPair, issueCertificate, signCsr, verifyPeerCertificate,
  type CertificateAuthority,
} from '@vigil/pki';
import { createTestCa, DAY_MS } from './pki-fixtures.ts';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

describe('certificate issuer', () => {
  let ca: CertificateAuthority;
  before(async () => {
    ca = await createTestCa();
  });

  it('issues a management server certificate for serving and dialling links, with DNS and IP SANs', async () => {
    const keys = await createKeyPair();
    const issued = await issueCertificate(ca, {
      subjectName: 'ms1.contoso.local', role: 'management-server', dnsNames: ['ms1.contoso.local', 'MS1'], ipAddresses: ['10.0.0.5', '::1'],
      validityDays: 365, publicKeyPem: keys.publicKeyPem,
    });
    const certificate = new X509Certificate(issued.certPem);
    assert.deepEqual([...(certificate.keyUsage ?? [])].sort(), [SERVER_AUTH, CLIENT_AUTH]);
    assert.equal(certificate.subjectAltName, 'DNS:ms1.contoso.local, DNS:ms1, IP Address:10.0.0.5, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(certificate.checkHost('ms1.contoso.local'), 'ms1.contoso.local');
    assert.equal(certificate.checkIP('10.0.0.5'), '10.0.0.5');
    assert.equal(certificate.ca, false);
    assert.equal(certificate.serialNumber.toLowerCase(), issued.serial);
    assert.equal(issued.fingerprintSha256, certificate.fingerprint256);
    const verification = verifyPeerCertificate(ca, issued.certPem, { revokedSerials: new Set(), nowMs: Date.now() });
    assert.deepEqual(verification, { status: 'trusted', serial: issued.serial, commonName: 'ms1.contoso.local', role: 'management-server', groupName: 'Test Group', notAfterMs: issued.notAfterMs });
  });

  it('signs an agent CSR as a client-only certificate, and a gateway CSR for both directions', async () => {
    const agentRequest = await createKeyAndCsr({ commonName: 'web01.contoso.local', dnsNames: ['web01.contoso.local'] });
    const agent = await signCsr(ca, agentRequest.csrPem, { role: 'agent', validityDays: 365 });
    const agentCertificate = new X509Certificate(agent.certPem);
    assert.deepEqual(agentCertificate.keyUsage, [CLIENT_AUTH]);
    assert.equal(agentCertificate.subjectAltName, 'DNS:web01.contoso.local');
    assert.equal(agent.role, 'agent');
    const gatewayRequest = await createKeyAndCsr({ commonName: 'gw1', dnsNames: ['gw1.dmz.local'], ipAddresses: ['192.0.2.7'] });
    const gateway = await signCsr(ca, gatewayRequest.csrPem, { role: 'gateway', validityDays: 365, dnsNames: ['gw1.approved.local'] });
    const gatewayCertificate = new X509Certificate(gateway.certPem);
    assert.deepEqual([...(gatewayCertificate.keyUsage ?? [])].sort(), [SERVER_AUTH, CLIENT_AUTH]);
    assert.equal(gatewayCertificate.subjectAltName, 'DNS:gw1.approved.local, IP Address:192.0.2.7', 'names given by the approver replace the requested ones');
  });

  it('gives every certificate a random serial in canonical hex', async () => {
    const keys = await createKeyPair();
    const serials = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const issued = await issueCertificate(ca, { subjectName: 'a', role: 'agent', validityDays: 1, publicKeyPem: keys.publicKeyPem });
      assert.match(issued.serial, /^[1-7][0-9a-f]{31}$/);
      serials.add(issued.serial);
    }
    assert.equal(serials.size, 40);
  });

  it('never lets a certificate outlive the CA, and refuses to issue from a CA that is not valid now', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const shortCa = await createCertificateAuthority({ groupName: 'Short', validityDays: 10, clock });
    const keys = await createKeyPair();
    const issued = await issueCertificate(shortCa, { subjectName: 'a', role: 'agent', validityDays: 365, publicKeyPem: keys.publicKeyPem, clock });
    assert.equal(issued.notAfterMs, shortCa.notAfterMs);
    await clock.advance(11 * DAY_MS);
    await assert.rejects(issueCertificate(shortCa, { subjectName: 'a', role: 'agent', validityDays: 1, publicKeyPem: keys.publicKeyPem, clock }),
      (error) => isVigilError(error, 'PKI_CA_NOT_VALID_NOW'));
  });

  it('refuses names that could smuggle a role or break a hostname check', async () => {
    const keys = await createKeyPair();
    const attempts = [
      { subjectName: 'a, OU=management-server', dnsNames: [], ipAddresses: [] },
      { subjectName: 'ok', dnsNames: ['bad name'], ipAddresses: [] },
      { subjectName: 'ok', dnsNames: [], ipAddresses: ['300.1.1.1'] },
    ];
    for (const attempt of attempts) {
      await assert.rejects(issueCertificate(ca, { ...attempt, role: 'agent', validityDays: 1, publicKeyPem: keys.publicKeyPem }),
        (error) => isVigilError(error, 'PKI_ISSUE_REFUSED'));
    }
    await assert.rejects(issueCertificate(ca, { subjectName: 'ok', role: 'agent', validityDays: 1, publicKeyPem: 'not a key' }),
      (error) => isVigilError(error, 'PKI_ISSUE_REFUSED'));
  });
});
