// node:tls options for Vigil links: TLS 1.3 only, mutual authentication, the group CA as the only
// trust anchor. OpenSSL checks chain and dates (and revocation when a CRL is given) during the
// handshake; the endpoint must then call verifyPeerCertificate on the connected socket for the
// role check and for revocations newer than the CRL it loaded (resumed sessions skip the CRL too).
import type { ConnectionOptions, SecureContextOptions, TlsOptions } from 'node:tls';

/** A machine's TLS identity: its certificate and key, and the group CA it trusts. */
export interface Identity {
  readonly certPem: string;
  readonly privateKeyPem: string;
  readonly caCertPem: string;
}

export interface TlsRevocationOptions {
  /** From createCrl. When given, revoked certificates are refused during the handshake. */
  readonly crlPem?: string;
}

export interface TlsClientExtraOptions extends TlsRevocationOptions {
  /** Name checked against the server certificate's DNS SANs (default: the host dialled). */
  readonly servername?: string;
}

/**
 * Options for `tls.createServer` / `https.createServer`: a client without a certificate fails the
 * handshake; one whose certificate does not chain to the group CA, is out of date or (with a CRL)
 * revoked is dropped by node:tls right after it (the server sees `tlsClientError`, whose socket's
 * authorizationError refusalFromTlsError turns into a refusal).
 */
export function tlsServerOptions(identity: Identity, revocation: TlsRevocationOptions = {}): TlsOptions {
  return {
    ...common(identity, revocation),
    requestCert: true,
    rejectUnauthorized: true,
  };
}

/** Options for `tls.connect` / `new WebSocket(url, options)`: the server must prove the group CA issued it. */
export function tlsClientOptions(identity: Identity, extra: TlsClientExtraOptions = {}): ConnectionOptions {
  return {
    ...common(identity, extra),
    rejectUnauthorized: true,
    ...(extra.servername === undefined ? {} : { servername: extra.servername }),
  };
}

function common(identity: Identity, revocation: TlsRevocationOptions): SecureContextOptions {
  return {
    cert: identity.certPem,
    key: identity.privateKeyPem,
    // Only the group CA: the system trust store must never vouch for a Vigil peer.
    ca: [identity.caCertPem],
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    ...(revocation.crlPem === undefined ? {} : { crl: revocation.crlPem }),
  };
}
