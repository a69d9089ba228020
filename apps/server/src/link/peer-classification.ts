// Who is on the other end of a new link, decided right after the TLS handshake: an enrolling
// machine without a certificate (it may only ask to enroll), a trusted agent or gateway, or a
// refused certificate — with the reason both sides log.
import type { TLSSocket } from 'node:tls';
import { verifyPeerCertificate, type PeerRefusal, type PeerTrusted, type CertificateAuthority } from '@vigil/pki';

export type PeerClass =
  | { readonly kind: 'enrolling' }
  | { readonly kind: 'trusted'; readonly peer: PeerTrusted }
  | { readonly kind: 'refused'; readonly refusal: PeerRefusal };

export function classifyPeer(socket: TLSSocket, ca: CertificateAuthority, isRevoked: (serial: string) => boolean, nowMs: number): PeerClass {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return { kind: 'enrolling' };
  const verdict = verifyPeerCertificate(ca, certificate, { revokedSerials: isRevoked, nowMs, expectedRoles: ['agent', 'gateway'] });
  return verdict.status === 'trusted' ? { kind: 'trusted', peer: verdict } : { kind: 'refused', refusal: verdict };
}
