// Shared helpers for the pki tests: a group CA and identities issued by it. Not a test file.
import { FakeClock, type Clock } from '@vigil/core';
import {
  createCertificateAuthority, createKeyAndCsr, createKeyPair, issueCertificate, signCsr,
  type CertificateAuthority, type CertificateRole, type Identity, type IssuedCertificate,
} from '@vigil/pki';

export const DAY_MS = 86_400_000;

export interface IssuedIdentity extends Identity {
  readonly issued: IssuedCertificate;
}

/** A CA created 30 days ago, so tests can issue certificates "in the past" from it. */
export async function createTestCa(groupName = 'Test Group'): Promise<CertificateAuthority> {
  return createCertificateAuthority({ groupName, validityDays: 3650, clock: new FakeClock(Date.now() - 30 * DAY_MS) });
}

/** A server-and-client identity (MS or gateway) for 127.0.0.1 / localhost. */
export async function serverIdentity(ca: CertificateAuthority, role: CertificateRole = 'management-server', clock?: Clock): Promise<IssuedIdentity> {
  const keys = await createKeyPair();
  const issued = await issueCertificate(ca, {
    subjectName: 'ms1.test', role, dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], validityDays: 30, publicKeyPem: keys.publicKeyPem, ...(clock ? { clock } : {}),
  });
  return { certPem: issued.certPem, privateKeyPem: keys.privateKeyPem, caCertPem: ca.certPem, issued };
}

/** An agent identity enrolled the real way: key and CSR on the agent, signed by the CA. */
export async function agentIdentity(ca: CertificateAuthority, options: { name?: string; validityDays?: number; clock?: Clock } = {}): Promise<IssuedIdentity> {
  const request = await createKeyAndCsr({ commonName: options.name ?? 'agent1.test' });
  const issued = await signCsr(ca, request.csrPem, { role: 'agent', validityDays: options.validityDays ?? 30, ...(options.clock ? { clock: options.clock } : {}) });
  return { certPem: issued.certPem, privateKeyPem: request.privateKeyPem, caCertPem: ca.certPem, issued };
}
