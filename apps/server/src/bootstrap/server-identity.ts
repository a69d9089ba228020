// A management server's own key and certificate, issued by the group CA and kept in its data
// folder (key mode 0600). Reissued when missing, expiring within 30 days, from another CA, or
// when the names it must carry changed.
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import type { Clock } from '@vigil/core';
import { createKeyPair, issueCertificate, normalizeSerial, readIdentityFiles, writeIdentityFiles, type CertificateAuthority, type Identity } from '@vigil/pki';

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;
const VALIDITY_DAYS = 825;

export interface ServerIdentity {
  readonly identity: Identity;
  readonly serial: string;
  readonly reissued: boolean;
}

export async function ensureServerIdentity(
  dataDir: string,
  ca: CertificateAuthority,
  options: { serverName: string; dnsNames: readonly string[]; ipAddresses: readonly string[]; clock: Clock },
): Promise<ServerIdentity> {
  const dir = join(dataDir, 'servers', options.serverName);
  const current = await readIdentityFiles(dir).catch(() => undefined);
  if (current && stillGood(current, ca, options)) {
    return { identity: current, serial: normalizeSerial(new X509Certificate(current.certPem).serialNumber), reissued: false };
  }
  const keys = await createKeyPair();
  const issued = await issueCertificate(ca, {
    role: 'management-server',
    subjectName: options.serverName,
    publicKeyPem: keys.publicKeyPem,
    dnsNames: options.dnsNames,
    ipAddresses: options.ipAddresses,
    validityDays: VALIDITY_DAYS,
    clock: options.clock,
  });
  const identity: Identity = { certPem: issued.certPem, privateKeyPem: keys.privateKeyPem, caCertPem: ca.certPem };
  await writeIdentityFiles(dir, identity);
  return { identity, serial: issued.serial, reissued: true };
}

function stillGood(identity: Identity, ca: CertificateAuthority, options: { dnsNames: readonly string[]; ipAddresses: readonly string[]; clock: Clock }): boolean {
  if (identity.caCertPem.trim() !== ca.certPem.trim()) return false;
  const certificate = new X509Certificate(identity.certPem);
  if (!certificate.verify(new X509Certificate(ca.certPem).publicKey)) return false;
  if (Date.parse(certificate.validTo) - options.clock.nowMs() < RENEW_BEFORE_MS) return false;
  const names = certificate.subjectAltName ?? '';
  return options.dnsNames.every((n) => names.includes(`DNS:${n}`)) && options.ipAddresses.every((ip) => names.includes(`IP Address:${ip}`));
}
