// node:tls refuses some peers before Vigil code sees them: a missing client certificate fails the
// handshake, and a certificate that fails chain, date or CRL checks makes node:tls drop the socket
// right after it, leaving only an OpenSSL code behind. This turns those codes into the same
// refusal values verifyPeerCertificate returns, so the log line reads the same either way.
import type { PeerRefusal, PeerRefusalReason } from './peer-verification.ts';

/** The parts of a TLS socket this reads (the socket passed with `tlsClientError`, or the client socket). */
export interface TlsFailureSocket {
  /** node:tls sets it to the OpenSSL verification code (a string at run time, typed as Error). */
  readonly authorizationError?: Error | string | null;
  readonly remoteAddress?: string | undefined;
}

const REASON_BY_CODE: Readonly<Record<string, PeerRefusalReason>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  CERT_REVOKED: 'revoked',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-ca',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-ca',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown-ca',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'unknown-ca',
  CERT_SIGNATURE_FAILURE: 'unknown-ca',
  CERT_UNTRUSTED: 'unknown-ca',
  // The certificate's key usage does not allow this side of the link (e.g. an agent certificate
  // offered by a server): the CA issued it for another role.
  INVALID_PURPOSE: 'wrong-role',
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: 'no-certificate',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'no-certificate',
  // Alerts sent by non-Node peers that refuse during the handshake.
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'expired',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 'revoked',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'unknown-ca',
};

const EXPLANATION: Readonly<Record<PeerRefusalReason, string>> = {
  expired: 'the certificate has expired; renew it by enrolling the machine again',
  'not-yet-valid': 'the certificate is not valid yet; check the clocks of both machines',
  revoked: 'the certificate has been revoked; enroll the machine again to give it a new certificate',
  'unknown-ca': "the certificate was not issued by this management group's CA; enroll the machine in this group",
  'wrong-role': 'the certificate was issued for a role that cannot act on this side of the link',
  'no-certificate': 'no client certificate was presented; every machine must present the certificate the group CA issued it',
};

/**
 * The refusal a TLS failure stands for, or undefined when it is not about the peer's certificate
 * (network errors, a server-name mismatch, or the local CRL being unusable): log those as they are.
 */
export function refusalFromTlsError(error: unknown, socket?: TlsFailureSocket): PeerRefusal | undefined {
  const code = authorizationCode(socket?.authorizationError) ?? errorCode(error);
  const reason = code === undefined ? undefined : REASON_BY_CODE[code];
  if (reason === undefined) return undefined;
  const peer = socket?.remoteAddress === undefined ? 'a peer' : `the peer at ${socket.remoteAddress}`;
  return { status: 'refused', reason, message: `The TLS handshake with ${peer} was refused: ${EXPLANATION[reason]} (${code}).` };
}

function authorizationCode(value: Error | string | null | undefined): string | undefined {
  if (typeof value === 'string') return value;
  return value ? errorCode(value) : undefined;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
