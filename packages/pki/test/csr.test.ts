import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { before, describe, it } from 'node:test';
// @peculiar/x509 needs reflect-metadata evaluated first; @vigil/pki no longer loads it on import.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { isVigilError } from '@vigil/core';
import { createKeyAndCsr, issueCertificate, readVerifiedCsr, signCsr, type CertificateAuthority } from '@vigil/pki';
import { createTestCa } from './pki-fixtures.ts';

describe('certificate signing requests', () => {
  let ca: CertificateAuthority;
  before(async () => {
    ca = await createTestCa();
  });

  it('creates a key and a CSR that proves possession of it', async () => {
    const { privateKeyPem, csrPem } = await createKeyAndCsr({ commonName: 'host1', dnsNames: ['host1.example'], ipAddresses: ['192.0.2.1'] });
    assert.match(privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    const request = await readVerifiedCsr(csrPem);
    assert.deepEqual({ ...request, publicKeyPem: undefined }, { commonName: 'host1', dnsNames: ['host1.example'], ipAddresses: ['192.0.2.1'], publicKeyPem: undefined });
  });

  it('refuses a CSR whose signature does not match its key', async () => {
    const { csrPem } = await createKeyAndCsr({ commonName: 'host1' });
    const der = Buffer.from(x509.PemConverter.decodeFirst(csrPem));
    der[der.length - 1] = der.at(-1)! ^ 0x01; // last byte of the ECDSA signature: still well-formed DER
    const tampered = x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
    await assert.rejects(signCsr(ca, tampered, { role: 'agent', validityDays: 1 }),
      (error) => isVigilError(error, 'PKI_CSR_INVALID') && /signature does not match/.test(error.message));
    await assert.rejects(issueCertificate(ca, { subjectName: 'host1', role: 'agent', validityDays: 1, csrPem: tampered }),
      (error) => isVigilError(error, 'PKI_CSR_INVALID'));
  });

  it('refuses something that is not a CSR', async () => {
    await assert.rejects(signCsr(ca, 'hello', { role: 'agent', validityDays: 1 }),
      (error) => isVigilError(error, 'PKI_CSR_INVALID') && /not a PEM PKCS#10 request/.test(error.message));
  });

  it('refuses a CSR with an RSA key', async () => {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=rsa-host', keys, signingAlgorithm: algorithm });
    await assert.rejects(signCsr(ca, csr.toString('pem'), { role: 'agent', validityDays: 1 }),
      (error) => isVigilError(error, 'PKI_CSR_INVALID') && /ECDSA P-256/.test(error.message));
  });

  it('refuses a CSR whose CN tries to smuggle a role', async () => {
    await assert.rejects(createKeyAndCsr({ commonName: 'x,OU=management-server' }), (error) => isVigilError(error, 'PKI_CSR_INVALID'));
    const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: [{ CN: ['x'] }, { OU: ['management-server'] }], keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    });
    const issued = await signCsr(ca, csr.toString('pem'), { role: 'agent', validityDays: 1 });
    assert.equal(issued.role, 'agent', 'the OU a CSR asks for is ignored');
    assert.match(new x509.X509Certificate(issued.certPem).subject, /OU=agent/);
  });
});
