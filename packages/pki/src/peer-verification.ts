// The decision a link endpoint takes about the machine at the other end, after the TLS handshake:
// is its certificate from this group's CA, in date, not revoked, and for a role this endpoint
// accepts? The outcome is a value; every refusal carries a sentence fit for the log on each side.
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { VigilError } from '@vigil/core/errors';
import { subjectOf } from './certificate-name.ts';
import { commonNameFromSubject, groupNameFromSubject, roleFromSubject, type CertificateRole } from './certificate-role.ts';
import { errorReason, isoTime } from './message-values.ts';
import { isSerialRevoked, normalizeSerial, type RevocationSource } from './revocation.ts';

export type PeerRefusalReason = 'unknown-ca' | 'revoked' | 'expired' | 'not-yet-valid' | 'no-certificate' | 'wrong-role';

export interface PeerRefusal {
  readonly status: 'refused';
  readonly reason: PeerRefusalReason;
  /** One sentence saying what was refused and what to do, for the log line. */
  readonly message: string;
}

export interface PeerTrusted {
  readonly status: 'trusted';
  readonly serial: string;
  readonly commonName: string;
  readonly role: CertificateRole;
  /** The certificate's O, exactly as the CA wrote it: the management group's name. */
  readonly groupName: string;
  readonly notAfterMs: number;
}

export type PeerVerification = PeerTrusted | PeerRefusal;

/**
 * A peer certificate as the caller has it: PEM or DER, node:crypto's X509Certificate,
 * `socket.getPeerCertificate()` (an empty object when the peer sent none) or
 * `socket.getPeerX509Certificate()` (undefined when it sent none).
 */
export type PeerCertificateInput = string | Uint8Array | X509Certificate | PeerCertificate | null | undefined;

/** The group CA certificate, as PEM or as anything carrying it (a CertificateAuthority). */
export type TrustAnchor = string | { readonly certPem: string };

export interface VerifyPeerOptions {
  readonly revokedSerials: RevocationSource;
  readonly nowMs: number;
  /** Roles this endpoint accepts; omitted means any role the CA issues. */
  readonly expectedRoles?: readonly CertificateRole[];
}

/**
 * Checks, in this order: a certificate is present; it is signed by the group CA; it is not
 * revoked; both it and the CA are valid at `nowMs`; it carries a role in `expectedRoles`.
 * Never throws for a peer's certificate; throws PKI_CERTIFICATE_INVALID only when the caller
 * passes bytes that are not a certificate at all (or a CA PEM that is not one).
 */
export function verifyPeerCertificate(anchor: TrustAnchor, peer: PeerCertificateInput, options: VerifyPeerOptions): PeerVerification {
  const certificate = toCertificate(peer);
  if (certificate === undefined) {
    return refuse('no-certificate', 'The peer presented no certificate; every agent, gateway and management server must present the certificate issued by the management group CA.');
  }
  const caCertificate = toCertificate(typeof anchor === 'string' ? anchor : anchor.certPem);
  if (caCertificate === undefined) throw new VigilError('PKI_CERTIFICATE_INVALID', { reason: 'the CA certificate is empty' });
  if (!certificate.checkIssued(caCertificate) || !certificate.verify(caCertificate.publicKey)) {
    return refuse('unknown-ca', `The certificate ${quote(commonName(certificate))} (issued by ${quote(oneLineName(certificate.issuer))}) was not issued by this management group's CA; the machine belongs to another group or the certificate is forged. Enroll it in this group.`);
  }
  const serial = normalizeSerial(certificate.serialNumber);
  const subject = subjectOf(certificate);
  const role = certificate.ca ? undefined : roleFromSubject(subject);
  const who = `${role ?? 'peer'} ${quote(commonNameFromSubject(subject))} (certificate serial ${serial})`;
  if (isSerialRevoked(options.revokedSerials, serial)) {
    return refuse('revoked', `The certificate of ${who} has been revoked; enroll the machine again to give it a new certificate.`);
  }
  const timeRefusal = checkValidity(caCertificate, `the management group CA (which signed the certificate of ${who})`, options.nowMs)
    ?? checkValidity(certificate, `the certificate of ${who}`, options.nowMs);
  if (timeRefusal !== undefined) return timeRefusal;
  if (role === undefined) {
    return refuse('wrong-role', `The certificate of ${who} names no Vigil role (management-server, gateway or agent), so it cannot be used on a link.`);
  }
  if (options.expectedRoles !== undefined && !options.expectedRoles.includes(role)) {
    return refuse('wrong-role', `The certificate of ${who} is for role ${role}, but this endpoint accepts only ${options.expectedRoles.join(', ')}.`);
  }
  return {
    status: 'trusted', serial, commonName: commonNameFromSubject(subject), role, groupName: groupNameFromSubject(subject), notAfterMs: certificate.validToDate.getTime(),
  };
}

function checkValidity(certificate: X509Certificate, what: string, nowMs: number): PeerRefusal | undefined {
  if (nowMs < certificate.validFromDate.getTime()) {
    return refuse('not-yet-valid', `${capitalise(what)} is not valid before ${certificate.validFromDate.toISOString()} (now ${isoTime(nowMs)}); check the clocks of both machines.`);
  }
  if (nowMs > certificate.validToDate.getTime()) {
    return refuse('expired', `${capitalise(what)} expired at ${certificate.validToDate.toISOString()}; renew it by enrolling the machine again.`);
  }
  return undefined;
}

function toCertificate(input: PeerCertificateInput): X509Certificate | undefined {
  if (input === null || input === undefined) return undefined;
  if (input instanceof X509Certificate) return input;
  // node:tls gives an empty object when the peer sent no certificate.
  const raw = typeof input === 'string' || input instanceof Uint8Array ? input : input.raw;
  if (raw === undefined || raw.length === 0) return undefined;
  try {
    return new X509Certificate(raw);
  } catch (error) {
    throw new VigilError('PKI_CERTIFICATE_INVALID', { reason: errorReason(error) }, { cause: error });
  }
}

function refuse(reason: PeerRefusalReason, message: string): PeerRefusal {
  return { status: 'refused', reason, message };
}

function commonName(certificate: X509Certificate): string {
  return commonNameFromSubject(subjectOf(certificate));
}

/** node:crypto prints names one attribute per line, most general first; log lines read CN first. */
function oneLineName(distinguishedName: string): string {
  return distinguishedName.split('\n').reverse().join(', ');
}

function quote(value: string): string {
  return JSON.stringify(value);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
