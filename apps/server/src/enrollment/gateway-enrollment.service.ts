// Answers a gateway's own enrollment request (it arrives on a link without a client certificate
// whose upgrade request says `x-vigil-role: gateway`, or on a link the MS dialed in DMZ mode).
// Same rules as agents: a valid one-time join token approves at once; otherwise the group's
// approval policy decides (reject | review → pending | auto-approve), and a pending gateway that
// asks again gets its certificate once `approveGateway` ran.
import { newId, VigilError, type GatewayId, type Clock, type Logger } from '@vigil/core';
import { readVerifiedCsr, type CertificateAuthority } from '@vigil/pki';
import { consumeJoinToken, rejectedEnrollment as rejected } from './join-token.service.ts';
import { findGatewayByName, gatewayCsrPem, getManagementGroup, insertGateway, replaceGatewayRequest, decideGateway, type Database } from '@vigil/store';
import type { EnrollRequest, EnrollResult } from '@vigil/protocol';
import { approveGateway, issuedGatewayCertificate } from './gateway-approval.service.ts';

export const GATEWAY_PENDING_RETRY_SECONDS = 60;

export interface GatewayEnrollmentContext {
  readonly db: Database;
  readonly ca: CertificateAuthority;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function handleGatewayEnrollment(context: GatewayEnrollmentContext, request: EnrollRequest): Promise<EnrollResult> {
  const { db, clock } = context;
  const name = request.agentName;
  try {
    await readVerifiedCsr(request.csrPem);
  } catch (error) {
    return rejected(`The certificate request is not valid (${(error as Error).message}). Delete the gateway's identity folder so it creates a new key.`);
  }
  const group = await getManagementGroup(db);
  if (!group) throw new VigilError('INTERNAL', { reason: 'no management group in the database' });
  const tokenOk = request.joinToken !== undefined && (await consumeJoinToken(db, request.joinToken, name, clock.nowMs()));
  if (request.joinToken !== undefined && !tokenOk) {
    return rejected('The join token is unknown, expired or already used. Create a new one with `vigil agent token create`.');
  }

  const existing = await findGatewayByName(db, name);
  const sameRequest = existing !== undefined && (await gatewayCsrPem(db, existing.id)) === request.csrPem;
  if (existing && !sameRequest) {
    if (existing.approvalState === 'approved' && !tokenOk) {
      return rejected(`A gateway named ${name} is already approved with another key. Reject it first (\`vigil gateway reject ${name}\`) or enroll with a join token.`);
    }
    await replaceGatewayRequest(db, existing.id, request.csrPem, request.hostName, clock.nowMs());
  } else if (!existing) {
    await insertGateway(db, { id: newId<GatewayId>(clock.nowMs()), name, hostName: request.hostName, csrPem: request.csrPem, nowMs: clock.nowMs() });
  }

  const current = (await findGatewayByName(db, name))!;
  if (current.approvalState === 'approved' && sameRequest) {
    const certPem = await issuedGatewayCertificate(db, current);
    if (certPem) return { kind: 'enroll-result', status: 'approved', certPem, caCertPem: context.ca.certPem };
  }
  if (current.approvalState === 'rejected' && sameRequest && !tokenOk) {
    return rejected(`Gateway ${name} was rejected by ${current.decidedBy ?? 'an administrator'}. An administrator can approve it with \`vigil gateway approve ${name}\`.`);
  }
  const decidedBy = tokenOk ? 'join-token' : group.approvalPolicy === 'auto-approve' ? 'auto-approve' : undefined;
  if (decidedBy) {
    const approved = await approveGateway(context, name, decidedBy);
    context.logger.info({ gateway: name, by: decidedBy }, 'gateway approved');
    return { kind: 'enroll-result', status: 'approved', certPem: approved.certPem, caCertPem: context.ca.certPem };
  }
  if (group.approvalPolicy === 'reject') {
    await decideGateway(db, current.id, { state: 'rejected', decidedBy: 'policy', nowMs: clock.nowMs() });
    return rejected(`Management group "${group.name}" rejects gateways that enroll without a join token. Start the gateway with --join-token (\`vigil agent token create\`) or ask an administrator to set the approval policy to review.`);
  }
  context.logger.info({ gateway: name }, 'gateway waiting for approval');
  return {
    kind: 'enroll-result',
    status: 'pending',
    retryAfterSeconds: GATEWAY_PENDING_RETRY_SECONDS,
    message: `Gateway ${name} is waiting for approval in management group "${group.name}" (vigil gateway approve ${name}).`,
  };
}


