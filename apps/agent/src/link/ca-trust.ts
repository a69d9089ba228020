// Which CA a not-yet-enrolled agent trusts, decided before it sends anything (a join token is a
// secret: it must never reach an impostor). In order of strength:
//   --ca-file           the CA certificate given by the operator;
//   trusted-ca.pem      the CA this agent trusted before (first use or a join token's pin);
//   join token pin      the CA the server presents must have the token's SHA-256;
//   trust on first use  the CA the server presents is trusted, its fingerprint logged, and kept.
// A join token's pin is also checked against the first two, so a token for another group fails.
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';
import { caSha256Of, certificateFingerprintSha256, verifyPeerCertificate } from '@vigil/pki';

export interface CaTrustPolicy {
  readonly caFilePem?: string;
  readonly storedCaPem?: string;
  /** From parseJoinToken(token).caSha256: lower-case hex. */
  readonly pinnedCaSha256?: string;
}

export type CaTrustDecision =
  | {
      readonly kind: 'trusted';
      readonly caCertPem: string;
      /** How it came to be trusted; 'first-use' and 'pinned' are persisted by the caller. */
      readonly basis: 'ca-file' | 'stored' | 'pinned' | 'first-use';
    }
  | { readonly kind: 'refused'; readonly message: string };

export const SERVER_ROLES = ['management-server', 'gateway'] as const;

/** Decides whether the server that presented `peer` (leaf with its chain) may be enrolled with. */
export function decideCaTrust(peer: DetailedPeerCertificate, policy: CaTrustPolicy, nowMs: number): CaTrustDecision {
  const presentedPem = presentedCaPem(peer);
  const anchor = policy.caFilePem !== undefined
    ? { pem: policy.caFilePem, basis: 'ca-file' as const }
    : policy.storedCaPem !== undefined
      ? { pem: policy.storedCaPem, basis: 'stored' as const }
      : presentedPem !== undefined
        ? { pem: presentedPem, basis: policy.pinnedCaSha256 === undefined ? ('first-use' as const) : ('pinned' as const) }
        : undefined;
  if (anchor === undefined) {
    return refuse('it did not present its CA certificate, so there is nothing to trust; pass --ca-file with the group CA (ca.pem of the management server).');
  }
  if (policy.pinnedCaSha256 !== undefined && caSha256Of(anchor.pem) !== policy.pinnedCaSha256) {
    const presented = presentedPem === undefined ? 'none' : fingerprint(presentedPem);
    return refuse(
      `its CA (fingerprint ${presented}) is not the CA pinned by the join token (${colonHex(policy.pinnedCaSha256)}); the join token was not sent. ` +
        'Check that the token comes from this management group (`vigil agent token create`) and that --server points at it.',
    );
  }
  const verdict = verifyPeerCertificate(anchor.pem, peer.raw, { revokedSerials: new Set(), nowMs, expectedRoles: SERVER_ROLES });
  if (verdict.status === 'trusted') return { kind: 'trusted', caCertPem: anchor.pem, basis: anchor.basis };
  if (verdict.reason === 'unknown-ca' && anchor.basis !== 'pinned') {
    const source = anchor.basis === 'ca-file' ? 'the CA given with --ca-file' : 'the CA this agent trusted at first contact';
    return refuse(
      `its certificate was not issued by ${source} (fingerprint ${fingerprint(anchor.pem)}); it presents CA ${presentedPem === undefined ? 'none' : fingerprint(presentedPem)}. ` +
        (anchor.basis === 'stored' ? 'If the group CA was really replaced, delete identity/trusted-ca.pem in the data folder and start the agent again.' : 'Point --server at a server of this group.'),
    );
  }
  return refuse(verdict.message);
}

/** The self-signed certificate at the top of the chain the server sent, as PEM. */
function presentedCaPem(peer: DetailedPeerCertificate): string | undefined {
  let current: DetailedPeerCertificate = peer;
  for (let depth = 0; depth < 8; depth++) {
    const issuer = current.issuerCertificate as DetailedPeerCertificate | undefined;
    // node:tls ends the chain with a certificate that is its own issuer (the root).
    if (issuer === undefined || issuer.raw === undefined) return undefined;
    if (issuer === current || issuer.fingerprint256 === current.fingerprint256) {
      return depth === 0 ? undefined : toPem(current.raw);
    }
    current = issuer;
  }
  return undefined;
}

function toPem(der: Buffer): string {
  return new X509Certificate(der).toString();
}

function fingerprint(pem: string): string {
  return certificateFingerprintSha256(pem);
}

function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

function refuse(problem: string): CaTrustDecision {
  return { kind: 'refused', message: problem };
}
