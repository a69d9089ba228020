import assert from 'node:assert/strict';
import { X509Certificate, webcrypto } from 'node:crypto';
import { before, describe, it } from 'node:test';
// @peculiar/x509 (for certificates the CA would never issue) needs reflect-metadata evaluated first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { isVigilError } from '@vigil/core';
import {
  isSerialRevoked, normalizeSerial, revocationSet, verifyPeerCertificate, type CertificateAuthority, type PeerVerification,
} from '@vigil/pki';
import { agentIdentity, createTestCa, DAY_MS, type IssuedIdentity } from './pki-fixtures.ts';

/** A certificate signed with the group CA's key, with any subject (the real CA writes only O, OU, CN). */
async function certificateSignedBy(ca: CertificateAuthority, subject: string): Promise<string> {
  const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const pkcs8 = Buffer.from(ca.privateKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject,
    issuer: new x509.X509Certificate(ca.certPem).subjectName,
    publicKey: keys.publicKey,
    signingKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, ecdsa, false, ['sign']),
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + DAY_MS),
    signingAlgorithm: ecdsa,
  });
  return certificate.toString('pem');
}

function reasonOf(verification: PeerVerification): string {
  return verification.status === 'refused' ? verification.reason : 'trusted';
}

describe('peer verification', () => {
  let ca: CertificateAuthority;
  let agent: IssuedIdentity;
  const none = new Set<string>();
  before(async () => {
    ca = await createTestCa();
    agent = await agentIdentity(ca, { name: 'web01' });
  });

  it('accepts PEM, DER and node X509Certificate, and the CA as PEM or object', () => {
    const certificate = new X509Certificate(agent.certPem);
    for (const input of [agent.certPem, certificate, certificate.raw, { raw: certificate.raw }]) {
      const verification = verifyPeerCertificate(ca.certPem, input as X509Certificate, { revokedSerials: none, nowMs: Date.now() });
      assert.equal(reasonOf(verification), 'trusted');
    }
    assert.equal(reasonOf(verifyPeerCertificate(ca, agent.certPem, { revokedSerials: none, nowMs: Date.now() })), 'trusted');
  });

  it('refuses a missing certificate however node reports it', () => {
    for (const input of [undefined, null, {} as X509Certificate]) {
      const verification = verifyPeerCertificate(ca, input, { revokedSerials: none, nowMs: Date.now() });
      assert.equal(reasonOf(verification), 'no-certificate');
    }
  });

  it('refuses by date with a sentence that says when', () => {
    const early = verifyPeerCertificate(ca, agent.certPem, { revokedSerials: none, nowMs: agent.issued.notBeforeMs - 1000 });
    assert.equal(reasonOf(early), 'not-yet-valid');
    assert.match(early.status === 'refused' ? early.message : '', /agent "web01" .* is not valid before .*check the clocks/);
    const late = verifyPeerCertificate(ca, agent.certPem, { revokedSerials: none, nowMs: agent.issued.notAfterMs + 1000 });
    assert.equal(reasonOf(late), 'expired');
    const caExpired = verifyPeerCertificate(ca, agent.certPem, { revokedSerials: none, nowMs: ca.notAfterMs + DAY_MS });
    assert.equal(reasonOf(caExpired), 'expired');
    assert.match(caExpired.status === 'refused' ? caExpired.message : '', /management group CA/);
  });

  it('refuses revoked serials given as a set or a predicate, in any spelling', () => {
    const upperWithZeros = `00${agent.issued.serial.toUpperCase()}`;
    assert.equal(normalizeSerial(upperWithZeros), agent.issued.serial);
    assert.equal(reasonOf(verifyPeerCertificate(ca, agent.certPem, { revokedSerials: revocationSet([upperWithZeros]), nowMs: Date.now() })), 'revoked');
    const asked: string[] = [];
    const predicate = (serial: string): boolean => (asked.push(serial), serial === agent.issued.serial);
    assert.equal(reasonOf(verifyPeerCertificate(ca, agent.certPem, { revokedSerials: predicate, nowMs: Date.now() })), 'revoked');
    assert.deepEqual(asked, [agent.issued.serial]);
    assert.equal(isSerialRevoked(new Set(['ab']), '00:AB'), true);
  });

  it('refuses the CA certificate itself as a peer: it has no role', () => {
    assert.equal(reasonOf(verifyPeerCertificate(ca, ca.certPem, { revokedSerials: none, nowMs: Date.now() })), 'wrong-role');
  });

  it('checks the role against what the endpoint accepts', () => {
    const verification = verifyPeerCertificate(ca, agent.certPem, { revokedSerials: none, nowMs: Date.now(), expectedRoles: ['gateway', 'management-server'] });
    assert.equal(reasonOf(verification), 'wrong-role');
    assert.match(verification.status === 'refused' ? verification.message : '', /is for role agent, but this endpoint accepts only gateway, management-server/);
  });

  it('reads the role only from a subject with exactly one OU, however the OUs are grouped', async () => {
    const single = await certificateSignedBy(ca, 'CN=web02+O=Test Group, OU=gateway');
    const trusted = verifyPeerCertificate(ca, single, { revokedSerials: none, nowMs: Date.now() });
    assert.deepEqual(trusted.status === 'trusted' ? [trusted.role, trusted.commonName] : trusted, ['gateway', 'web02']);
    for (const subject of ['CN=web02, OU=agent, OU=management-server', 'CN=web02, OU=agent+OU=management-server', 'CN=web02, O=Test Group']) {
      assert.equal(reasonOf(verifyPeerCertificate(ca, await certificateSignedBy(ca, subject), { revokedSerials: none, nowMs: Date.now() })), 'wrong-role', subject);
    }
  });

  it('names a certificate from another CA by its common name and issuer', async () => {
    const other = await agentIdentity(await createTestCa('Other, Group'), { name: 'intruder' });
    const verification = verifyPeerCertificate(ca, other.certPem, { revokedSerials: none, nowMs: Date.now() });
    assert.equal(reasonOf(verification), 'unknown-ca');
    assert.match(verification.status === 'refused' ? verification.message : '', /^The certificate "intruder" \(issued by "CN=Vigil CA Other\\\\, Group, O=Other\\\\, Group"\) was not issued by this management group's CA/);
  });

  it('throws for bytes that are not a certificate: a caller bug, not a peer refusal', () => {
    assert.throws(() => verifyPeerCertificate(ca, 'garbage', { revokedSerials: none, nowMs: Date.now() }), (error) => isVigilError(error, 'PKI_CERTIFICATE_INVALID'));
  });
});
