// A real X.509 CRL signed by the group CA, for node:tls's `crl` option: with it, OpenSSL refuses a
// revoked certificate during the handshake, before any Vigil code runs.
import { systemClock, type Clock } from '@vigil/core/time';
import type { CertificateAuthority } from './certificate-authority.ts';
import { normalizeSerial } from './revocation.ts';
import { loadX509Runtime } from './x509-loader.ts';

export interface RevokedCertificateEntry {
  readonly serial: string;
  readonly revokedAtMs: number;
}

export interface CreateCrlOptions {
  readonly clock?: Clock;
  /**
   * When the CRL says the next one is due. Omitted by default on purpose: OpenSSL refuses every
   * certificate once a loaded CRL is past its nextUpdate, so a management server that failed to
   * refresh its CRL would lock the whole fleet out. Vigil's CRLs never leave the process that
   * builds them from the DB, so nothing needs the hint.
   */
  readonly nextUpdateMs?: number;
}

/**
 * Builds a CRL listing the given serials (bare serials are dated "now"). Returns it as PEM with
 * the `X509 CRL` label that OpenSSL expects (the library's own `CRL` label is not accepted by
 * node:tls). Pass it to tlsServerOptions / tlsClientOptions and call server.setSecureContext when
 * the revocation list changes: the CRL is fixed into the TLS context when that is created.
 */
export async function createCrl(
  ca: CertificateAuthority,
  revoked: Iterable<string | RevokedCertificateEntry>,
  options: CreateCrlOptions = {},
): Promise<string> {
  const { SIGNING_ALGORITHM, importSigningKey, x509 } = await loadX509Runtime();
  const nowMs = (options.clock ?? systemClock).nowMs();
  const caCertificate = new x509.X509Certificate(ca.certPem);
  const entries = Array.from(revoked, (entry) => {
    const { serial, revokedAtMs } = typeof entry === 'string' ? { serial: entry, revokedAtMs: nowMs } : entry;
    return { serialNumber: evenLengthHex(normalizeSerial(serial)), revocationDate: new Date(revokedAtMs) };
  });
  const crl = await x509.X509CrlGenerator.create({
    issuer: caCertificate.subjectName,
    thisUpdate: new Date(nowMs),
    ...(options.nextUpdateMs === undefined ? {} : { nextUpdate: new Date(options.nextUpdateMs) }),
    entries,
    signingKey: await importSigningKey(ca.privateKeyPem),
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCertificate)],
  });
  return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
}

function evenLengthHex(hex: string): string {
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}
