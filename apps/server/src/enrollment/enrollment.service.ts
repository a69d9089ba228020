// Answers an agent's enrollment request (SCOM's manual agent install + pending management):
// a valid one-time join token approves at once; otherwise the group's approval policy decides
// (reject | review → pending | auto-approve). A pending agent that asks again gets its
// certificate once an administrator has approved it.
import { newId, VigilError, type AgentId, type Clock, type Logger } from '@vigil/core';
import { readVerifiedCsr, type CertificateAuthority } from '@vigil/pki';
import { consumeJoinToken, rejectedEnrollment as rejected } from './join-token.service.ts';
import { findAgentByName, getManagementGroup, insertAgent, type Database } from '@vigil/store';
import type { EnrollRequest, EnrollResult } from '@vigil/protocol';
import { approveAgent, issuedCertificateOf } from './agent-approval.service.ts';

export const PENDING_RETRY_SECONDS = 60;

export interface EnrollmentContext {
  readonly db: Database;
  readonly ca: CertificateAuthority;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The group's heartbeat interval, recorded for new agents. */
  readonly defaultHeartbeatIntervalSeconds?: number;
}

export async function handleEnrollment(context: EnrollmentContext, request: EnrollRequest): Promise<EnrollResult> {
  const { db, clock } = context;
  try {
    await readVerifiedCsr(request.csrPem);
  } catch (error) {
    return rejected(`The certificate request is not valid (${(error as Error).message}). Delete the agent's identity folder so it creates a new key.`);
  }
  const group = await getManagementGroup(db);
  if (!group) throw new VigilError('INTERNAL', { reason: 'no management group in the database' });
  const tokenOk = request.joinToken !== undefined && (await consumeJoinToken(db, request.joinToken, request.agentName, clock.nowMs()));
  if (request.joinToken !== undefined && !tokenOk) {
    return rejected('The join token is unknown, expired or already used. Create a new one with `vigil agent token create`.');
  }

  const existing = await findAgentByName(db, request.agentName);
  const sameRequest = existing !== undefined && (await storedCsr(db, existing.id)) === request.csrPem;
  if (existing && !sameRequest) {
    if (existing.approvalState === 'approved' && !tokenOk) {
      return rejected(`An agent named ${request.agentName} is already approved with another key. Reject it first (\`vigil agent reject ${request.agentName}\`) or enroll with a join token.`);
    }
    await db.updateTable('agent').set({ csr_pem: request.csrPem, host_name: request.hostName, approval_state: 'pending', certificate_serial: null }).where('id', '=', existing.id).execute();
  } else if (!existing) {
    await insertAgent(db, { id: newId<AgentId>(clock.nowMs()), name: request.agentName, hostName: request.hostName, csrPem: request.csrPem, approvalState: 'pending', nowMs: clock.nowMs(), decidedBy: null, heartbeatIntervalSeconds: context.defaultHeartbeatIntervalSeconds ?? 60 });
  }

  const current = (await findAgentByName(db, request.agentName))!;
  if (current.approvalState === 'approved' && sameRequest) {
    const certPem = await issuedCertificateOf(db, current);
    if (certPem) return { kind: 'enroll-result', status: 'approved', certPem, caCertPem: context.ca.certPem };
  }
  if (current.approvalState === 'rejected' && sameRequest && !tokenOk) {
    return rejected(`Agent ${request.agentName} was rejected by ${current.decidedBy ?? 'an administrator'}. An administrator can approve it with \`vigil agent approve ${request.agentName}\`.`);
  }
  const decidedBy = tokenOk ? 'join-token' : group.approvalPolicy === 'auto-approve' ? 'auto-approve' : undefined;
  if (decidedBy) {
    const approved = await approveAgent(context, request.agentName, decidedBy);
    context.logger.info({ agent: request.agentName, by: decidedBy }, 'agent approved');
    return { kind: 'enroll-result', status: 'approved', certPem: approved.certPem, caCertPem: context.ca.certPem };
  }
  if (group.approvalPolicy === 'reject') {
    await db.updateTable('agent').set({ approval_state: 'rejected', decided_at: clock.nowMs(), decided_by: 'policy' }).where('name', '=', request.agentName).execute();
    return rejected(`Management group "${group.name}" rejects manually installed agents. Enroll with a join token (\`vigil agent token create\`) or ask an administrator to set the approval policy to review.`);
  }
  context.logger.info({ agent: request.agentName }, 'agent waiting in pending management');
  return {
    kind: 'enroll-result',
    status: 'pending',
    retryAfterSeconds: PENDING_RETRY_SECONDS,
    message: `Agent ${request.agentName} is waiting for approval in management group "${group.name}" (vigil agent approve ${request.agentName}).`,
  };
}


async function storedCsr(db: Database, agentId: string): Promise<string | null> {
  return (await db.selectFrom('agent').select('csr_pem').where('id', '=', agentId).executeTakeFirst())?.csr_pem ?? null;
}

