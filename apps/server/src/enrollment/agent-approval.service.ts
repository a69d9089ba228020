// Approving and rejecting agents (SCOM's pending management). Approval signs the CSR the agent
// sent at enrollment with the group CA and records the certificate; the agent receives it on its
// next enrollment retry. Used by the link endpoint (auto-approve, join tokens) and the SDK API
// (`vigil agent approve NAME`).
import { VigilError, type AgentId, type Clock } from '@vigil/core';
import { signCsr, type CertificateAuthority } from '@vigil/pki';
import { decideAgent, findAgentByName, recordCertificate, setAgentCertificate, type AgentRecord, type Database } from '@vigil/store';

export const AGENT_CERTIFICATE_VALIDITY_DAYS = 825;

export interface ApprovalContext {
  readonly db: Database;
  readonly ca: CertificateAuthority;
  readonly clock: Clock;
}

export interface ApprovedAgent {
  readonly agent: AgentRecord;
  readonly certPem: string;
  readonly serial: string;
}

/**
 * Approves a pending (or previously rejected) agent and issues its certificate. Approving an
 * approved agent returns its current state unchanged. Throws NOT_FOUND for an unknown name and
 * CONFLICT when no CSR is on record.
 */
export async function approveAgent(context: ApprovalContext, name: string, decidedBy: string): Promise<ApprovedAgent> {
  const agent = await requireAgent(context.db, name);
  const csrPem = await context.db.selectFrom('agent').select('csr_pem').where('id', '=', agent.id).executeTakeFirst();
  if (!csrPem?.csr_pem) throw new VigilError('CONFLICT', { what: `Agent ${name} has no certificate request on record; restart the agent so it enrolls again.` });
  const issued = await signCsr(context.ca, csrPem.csr_pem, { role: 'agent', subjectName: name, validityDays: AGENT_CERTIFICATE_VALIDITY_DAYS, clock: context.clock });
  await context.db.transaction().execute(async (trx) => {
    await recordCertificate(trx, {
      serial: issued.serial,
      subject: `CN=${issued.commonName}`,
      role: 'agent',
      ownerId: agent.id,
      issuedAtMs: issued.notBeforeMs,
      expiresAtMs: issued.notAfterMs,
      certificatePem: issued.certPem,
    });
    await setAgentCertificate(trx, agent.id, issued.serial);
    await decideAgent(trx, agent.id, 'approved', decidedBy, context.clock.nowMs());
  });
  return { agent: (await findAgentByName(context.db, name))!, certPem: issued.certPem, serial: issued.serial };
}

/** Rejects an agent; its enrollment retries are told so. Throws NOT_FOUND for an unknown name. */
export async function rejectAgent(context: Pick<ApprovalContext, 'db' | 'clock'>, name: string, decidedBy: string): Promise<AgentRecord> {
  const agent = await requireAgent(context.db, name);
  await decideAgent(context.db, agent.id as AgentId, 'rejected', decidedBy, context.clock.nowMs());
  return (await findAgentByName(context.db, name))!;
}

/** The certificate last issued to an approved agent, to hand out on its enrollment retry. */
export async function issuedCertificateOf(db: Database, agent: AgentRecord): Promise<string | undefined> {
  if (!agent.certificateSerial) return undefined;
  const row = await db.selectFrom('certificate').select('certificate_pem').where('serial', '=', agent.certificateSerial).executeTakeFirst();
  return row?.certificate_pem;
}

async function requireAgent(db: Database, name: string): Promise<AgentRecord> {
  const agent = await findAgentByName(db, name);
  if (!agent) throw new VigilError('NOT_FOUND', { what: 'Agent', id: name });
  return agent;
}
