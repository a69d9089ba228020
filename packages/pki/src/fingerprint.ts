// SHA-256 fingerprints of certificates and keys, in the colon-separated upper-case form that
// `openssl x509 -fingerprint -sha256` and browsers print, so an operator can compare them by eye.
import { createHash, X509Certificate } from 'node:crypto';
import { VigilError } from '@vigil/core/errors';
import { errorReason } from './message-values.ts';

/** SHA-256 fingerprint of a certificate's DER bytes, e.g. `AB:CD:...` (32 pairs). */
export function certificateFingerprintSha256(certificate: string | X509Certificate | Uint8Array): string {
  const der = certificate instanceof Uint8Array ? certificate : toX509(certificate).raw;
  return formatFingerprint(createHash('sha256').update(der).digest());
}

function toX509(certificate: string | X509Certificate): X509Certificate {
  if (typeof certificate !== 'string') return certificate;
  try {
    return new X509Certificate(certificate);
  } catch (error) {
    throw new VigilError('PKI_CERTIFICATE_INVALID', { reason: errorReason(error) }, { cause: error });
  }
}

function formatFingerprint(digest: Buffer): string {
  return (digest.toString('hex').toUpperCase().match(/../g) ?? []).join(':');
}
