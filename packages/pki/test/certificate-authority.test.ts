import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { FakeClock, isVigilError } from '@vigil/core';
import { certificateFingerprintSha256, createCertificateAuthority, loadCertificateAuthority } from '@vigil/pki';
import { agentIdentity, DAY_MS } from './pki-fixtures.ts';

describe('certificate authority', () => {
  it('creates a self-signed ECDSA P-256 CA certificate that can sign only end-entity certificates', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const ca = await createCertificateAuthority({ groupName: 'Contoso, Prod', validityDays: 3650, clock });
    const certificate = new X509Certificate(ca.certPem);
    assert.equal(certificate.ca, true);
    assert.equal(certificate.checkIssued(certificate), true);
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.match(ca.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(ca.groupName, 'Contoso, Prod');
    assert.equal(ca.notAfterMs, clock.nowMs() + 3650 * DAY_MS);
    assert.ok(ca.notBeforeMs < clock.nowMs());
    assert.equal(ca.fingerprintSha256, certificate.fingerprint256);
  });

  it('loads from its stored PEMs to the same CA, and that CA issues certificates', async () => {
    const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 10 });
    const stored = JSON.parse(JSON.stringify({ certPem: ca.certPem, privateKeyPem: ca.privateKeyPem })) as typeof ca;
    const loaded = loadCertificateAuthority(stored);
    assert.deepEqual(loaded, ca);
    const agent = await agentIdentity(loaded);
    assert.equal(new X509Certificate(agent.certPem).checkIssued(new X509Certificate(ca.certPem)), true);
  });

  it('refuses a key that does not belong to the certificate, and a certificate that is not a CA', async () => {
    const first = await createCertificateAuthority({ groupName: 'G1', validityDays: 10 });
    const second = await createCertificateAuthority({ groupName: 'G2', validityDays: 10 });
    assert.throws(() => loadCertificateAuthority({ certPem: first.certPem, privateKeyPem: second.privateKeyPem }),
      (error) => isVigilError(error, 'PKI_CA_INVALID') && /does not belong/.test(error.message));
    const agent = await agentIdentity(first);
    assert.throws(() => loadCertificateAuthority({ certPem: agent.certPem, privateKeyPem: agent.privateKeyPem }),
      (error) => isVigilError(error, 'PKI_CA_INVALID') && /not a CA/.test(error.message));
    assert.throws(() => loadCertificateAuthority({ certPem: 'nonsense', privateKeyPem: first.privateKeyPem }), (error) => isVigilError(error, 'PKI_CA_INVALID'));
  });

  it('refuses unusable group names and validity', async () => {
    const refused = (groupName: string) => assert.rejects(createCertificateAuthority({ groupName, validityDays: 10 }),
      (error) => isVigilError(error, 'PKI_ISSUE_REFUSED') && /printable characters/.test(error.message));
    await refused('');
    await refused('   ');
    await refused('a'.repeat(65));
    await refused('a\nb');
    await refused('a\u0085b');
    await refused('a\u2028b');
    await refused('lone \ud800 surrogate');
    await assert.rejects(createCertificateAuthority({ groupName: 'G', validityDays: 0 }), (error) => isVigilError(error, 'PKI_ISSUE_REFUSED'));
  });

  it('cuts a long group name out of the CA common name between characters, never inside one', async () => {
    const groupName = `${'x'.repeat(54)}😀😀`;
    const ca = await createCertificateAuthority({ groupName, validityDays: 10 });
    assert.equal(ca.groupName, groupName);
    assert.equal(new X509Certificate(ca.certPem).toLegacyObject().subject.CN, `Vigil CA ${'x'.repeat(54)}`);
  });

  it('prints fingerprints the way openssl and node do', async () => {
    const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 10 });
    assert.match(certificateFingerprintSha256(ca.certPem), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.equal(certificateFingerprintSha256(ca.certPem), new X509Certificate(ca.certPem).fingerprint256);
    assert.throws(() => certificateFingerprintSha256('not a certificate'), (error) => isVigilError(error, 'PKI_CERTIFICATE_INVALID'));
  });
});
