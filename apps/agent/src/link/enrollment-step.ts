// The not-yet-enrolled agent's loop body: one enrollment attempt, its outcome logged (once per
// change, so a pending agent does not fill the log) and the delay before the next attempt.
// Nothing but enroll-request is ever sent before approval.
import type { Clock } from '@vigil/core/time';
import type { Logger } from '@vigil/core/logging';
import { certificateFingerprintSha256, parseJoinToken, type KeyAndCsr } from '@vigil/pki';
import type { ServerAddress } from '@vigil/protocol/link';
import { enrollOnce } from './enrollment-client.ts';
import type { LinkStateStore } from './link-state.store.ts';
import type { LinkTimings } from './link-timings.ts';
import { formatServerAddress } from './server-address.ts';

export interface EnrollmentContext {
  readonly store: LinkStateStore;
  readonly keyAndCsr: KeyAndCsr;
  readonly agentName: string;
  readonly hostName: string;
  readonly joinToken?: string;
  readonly caFilePem?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings: LinkTimings;
  /** Logs `message` unless it repeats the previous state's message. */
  readonly logChange: (state: EnrollmentState, level: 'info' | 'warn' | 'error', message: string, fields?: object) => void;
}

export type EnrollmentState = 'approved' | 'pending' | 'rejected' | 'refused' | 'unreachable';

export interface EnrollmentStepResult {
  readonly state: EnrollmentState;
  /** Wait before the next attempt; 'next-server' asks the caller for its back-off and the next address. */
  readonly retry: { readonly kind: 'after'; readonly delayMs: number } | { readonly kind: 'next-server' } | { readonly kind: 'now' };
  readonly message: string;
}

export async function enrollmentStep(context: EnrollmentContext, address: ServerAddress): Promise<EnrollmentStepResult> {
  const where = formatServerAddress(address);
  const pinnedCaSha256 = context.joinToken === undefined ? undefined : parseJoinToken(context.joinToken).caSha256;
  const outcome = await enrollOnce({
    address,
    keyAndCsr: context.keyAndCsr,
    agentName: context.agentName,
    hostName: context.hostName,
    ...(context.joinToken === undefined ? {} : { joinToken: context.joinToken }),
    trust: {
      ...(context.caFilePem === undefined ? {} : { caFilePem: context.caFilePem }),
      ...(pinnedCaSha256 === undefined ? {} : { pinnedCaSha256 }),
      storedCaPem: await context.store.readTrustedCa(),
    },
    clock: context.clock,
    timeoutMs: context.timings.connectTimeoutMs,
    async onTrusted(decision) {
      if (decision.basis !== 'first-use' && decision.basis !== 'pinned') return;
      await context.store.writeTrustedCa(decision.caCertPem);
      const fingerprint = certificateFingerprintSha256(decision.caCertPem);
      if (decision.basis === 'first-use') {
        context.logger.warn({ server: where, caFingerprintSha256: fingerprint }, `Trusting the management group CA presented by ${where} on first use (fingerprint ${fingerprint}); compare it with \`vigil agent token create\` output or ca.pem on the server. It is kept in identity/trusted-ca.pem.`);
      } else {
        context.logger.info({ server: where, caFingerprintSha256: fingerprint }, `The CA of ${where} matches the join token's pin (fingerprint ${fingerprint}).`);
      }
    },
  });
  switch (outcome.kind) {
    case 'approved':
      await context.store.writeIdentity(outcome.identity);
      context.logChange('approved', 'info', `Enrollment approved by ${where}; certificate stored in ${context.store.identityDir}.`);
      return { state: 'approved', retry: { kind: 'now' }, message: 'approved' };
    case 'pending': {
      const delayMs = Math.min(outcome.retryAfterSeconds * 1000, context.timings.pendingRetryMaxMs);
      context.logChange('pending', 'warn', `Enrollment is pending approval at ${where}: ${outcome.message} (asking again every ${Math.round(delayMs / 1000)} s; approve with \`vigil agent approve ${context.agentName}\`).`);
      return { state: 'pending', retry: { kind: 'after', delayMs }, message: outcome.message };
    }
    case 'rejected':
      context.logChange('rejected', 'error', `Enrollment was rejected by ${where}: ${outcome.message} (asking again every ${Math.round(context.timings.rejectedRetryMs / 1000)} s; a later approval still takes).`);
      return { state: 'rejected', retry: { kind: 'after', delayMs: context.timings.rejectedRetryMs }, message: outcome.message };
    case 'refused':
      context.logChange('refused', 'error', `Enrollment not attempted or refused: ${outcome.message}`, { server: where });
      return { state: 'refused', retry: { kind: 'after', delayMs: context.timings.refusedRetryMs }, message: outcome.message };
    case 'unreachable':
      context.logChange('unreachable', 'warn', `Cannot enroll yet: ${outcome.message}`, { server: where });
      return { state: 'unreachable', retry: { kind: 'next-server' }, message: outcome.message };
  }
}
