// One enrollment attempt against one server: connect without a client certificate, decide
// whether its CA is to be trusted (see ca-trust.ts) before sending anything, send the
// enroll-request and wait for the enroll-result. Every outcome is a value; the caller decides
// when to try again.
import type { Clock } from '@vigil/core/time';
import { caSha256Of, type Identity, type KeyAndCsr } from '@vigil/pki';
import type { ServerAddress } from '@vigil/protocol/link';
import { decideCaTrust, type CaTrustDecision, type CaTrustPolicy } from './ca-trust.ts';
import { openLinkConnection } from './link-connection.ts';
import { formatServerAddress } from './server-address.ts';

export type EnrollmentOutcome =
  | { readonly kind: 'approved'; readonly identity: Identity }
  | { readonly kind: 'pending'; readonly retryAfterSeconds: number; readonly message: string }
  | { readonly kind: 'rejected'; readonly message: string }
  /** The server's CA was not trusted (nothing was sent), or the server answered with an error. */
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string };

export interface EnrollmentAttempt {
  readonly address: ServerAddress;
  readonly keyAndCsr: KeyAndCsr;
  readonly agentName: string;
  readonly hostName: string;
  readonly joinToken?: string;
  readonly trust: CaTrustPolicy;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Called once the CA is trusted and before the request is sent; persist a first-use CA here. */
  readonly onTrusted: (decision: Extract<CaTrustDecision, { kind: 'trusted' }>) => Promise<void>;
}

export async function enrollOnce(attempt: EnrollmentAttempt): Promise<EnrollmentOutcome> {
  let decision: CaTrustDecision | undefined;
  const opened = await openLinkConnection({
    address: attempt.address,
    // The CA is not known yet: the chain is checked by decideCaTrust instead of OpenSSL.
    tls: { rejectUnauthorized: false, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' },
    clock: attempt.clock,
    timeoutMs: attempt.timeoutMs,
    checkPeer: (peer) => {
      decision = decideCaTrust(peer, attempt.trust, attempt.clock.nowMs());
      return decision.kind === 'refused' ? decision.message : undefined;
    },
  });
  if (opened.kind === 'failed') return { kind: opened.cause === 'refused' ? 'refused' : 'unreachable', message: opened.message };
  const { connection } = opened;
  const trusted = decision as Extract<CaTrustDecision, { kind: 'trusted' }>;
  try {
    await attempt.onTrusted(trusted);
    connection.send({
      kind: 'enroll-request',
      agentName: attempt.agentName,
      hostName: attempt.hostName,
      csrPem: attempt.keyAndCsr.csrPem,
      ...(attempt.joinToken === undefined ? {} : { joinToken: attempt.joinToken }),
    });
    const received = await connection.receive(attempt.timeoutMs);
    const where = formatServerAddress(attempt.address);
    if (received.kind === 'timeout') return { kind: 'unreachable', message: `${where} did not answer the enrollment request within ${attempt.timeoutMs} ms.` };
    if (received.kind === 'closed') return { kind: 'unreachable', message: `${where} closed the link during enrollment: ${received.reason}.` };
    const message = received.message;
    if (message.kind === 'error') return { kind: 'refused', message: `${where} refused the enrollment (${message.code}): ${message.message}` };
    if (message.kind !== 'enroll-result') return { kind: 'refused', message: `${where} answered the enrollment request with an unexpected ${message.kind} message.` };
    if (message.status === 'pending') return { kind: 'pending', retryAfterSeconds: message.retryAfterSeconds, message: message.message };
    if (message.status === 'rejected') return { kind: 'rejected', message: message.message };
    if (caSha256Of(message.caCertPem) !== caSha256Of(trusted.caCertPem)) {
      return { kind: 'refused', message: `${where} approved the agent but sent a CA certificate other than the one it presented; the certificate was not stored.` };
    }
    return { kind: 'approved', identity: { certPem: message.certPem, privateKeyPem: attempt.keyAndCsr.privateKeyPem, caCertPem: trusted.caCertPem } };
  } finally {
    await connection.close('enrollment done');
  }
}
