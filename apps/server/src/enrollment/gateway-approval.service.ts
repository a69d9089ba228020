// Approving and rejecting gateways (SCOM's gateway approval). A gateway enrolls like an agent —
// its own key, a CSR, a join token or pending approval — but its certificate is signed with role
// 'gateway' (serverAuth + clientAuth), so it can serve agents and open a link to an MS. These are
// the service functions behind `vigil gateway list / approve / reject` (SDK API and CLI).
import { VigilError, type Clock, type GatewayId } from '@vigil/core';
import { signCsr, type CertificateAuthority } from '@vigil/pki';
import {
  decideGateway, findGatewayByName, gatewayCsrPem, listGatewayRecords, recordCertificate,
  type ApprovalState, type Database, type GatewayRecord,
} from '@vigil/store';

export const GATEWAY_CERTIFICATE_VALIDITY_DAYS = 825;

export interface GatewayApprovalContext {
  readonly db: Database;
  readonly ca: CertificateAuthority;
  readonly clock: Clock;
}

export interface ApprovedGateway {
  readonly gateway: GatewayRecord;
  readonly certPem: string;
  readonly serial: string;
}

/**
 * Approves a pending (or rejected) gateway: signs the CSR it sent at enrollment with role
 * 'gateway' (keeping the DNS/IP names it asked for: agents check them) and records the
 * certificate. The gateway receives it on its next enrollment retry. Approving an approved
 * gateway issues nothing new. Throws NOT_FOUND for an unknown name, CONFLICT without a CSR.
 */
export async function approveGateway(context: GatewayApprovalContext, name: string, decidedBy: string): Promise<ApprovedGateway> {
  const gateway = await requireGateway(context.db, name);
  if (gateway.approvalState === 'approved' && gateway.certificateSerial !== null) {
    const certPem = await issuedGatewayCertificate(context.db, gateway);
    if (certPem !== undefined) return { gateway, certPem, serial: gateway.certificateSerial };
  }
  const csrPem = await gatewayCsrPem(context.db, gateway.id);
  if (!csrPem) throw new VigilError('CONFLICT', { what: `Gateway ${name} has no certificate request on record; restart it so it enrolls again.` });
  const issued = await signCsr(context.ca, csrPem, { role: 'gateway', subjectName: name, validityDays: GATEWAY_CERTIFICATE_VALIDITY_DAYS, clock: context.clock });
  await context.db.transaction().execute(async (trx) => {
    await recordCertificate(trx, {
      serial: issued.serial,
      subject: `CN=${issued.commonName}`,
      role: 'gateway',
      ownerId: gateway.id,
      issuedAtMs: issued.notBeforeMs,
      expiresAtMs: issued.notAfterMs,
      certificatePem: issued.certPem,
    });
    await decideGateway(trx, gateway.id, { state: 'approved', decidedBy, nowMs: context.clock.nowMs(), certificateSerial: issued.serial });
  });
  return { gateway: (await findGatewayByName(context.db, name))!, certPem: issued.certPem, serial: issued.serial };
}

/** Rejects a gateway; its enrollment retries are told so. Throws NOT_FOUND for an unknown name. */
export async function rejectGateway(context: Pick<GatewayApprovalContext, 'db' | 'clock'>, name: string, decidedBy: string): Promise<GatewayRecord> {
  const gateway = await requireGateway(context.db, name);
  await decideGateway(context.db, gateway.id as GatewayId, { state: 'rejected', decidedBy, nowMs: context.clock.nowMs() });
  return (await findGatewayByName(context.db, name))!;
}

/** Gateways by name, optionally only those in one approval state (`--pending`). */
export function listGateways(context: Pick<GatewayApprovalContext, 'db'>, filter: { approvalState?: ApprovalState } = {}): Promise<GatewayRecord[]> {
  return listGatewayRecords(context.db, filter);
}

/** The certificate last issued to a gateway, to hand out on its enrollment retry. */
export async function issuedGatewayCertificate(db: Database, gateway: GatewayRecord): Promise<string | undefined> {
  if (!gateway.certificateSerial) return undefined;
  const row = await db.selectFrom('certificate').select('certificate_pem').where('serial', '=', gateway.certificateSerial).executeTakeFirst();
  return row?.certificate_pem;
}

async function requireGateway(db: Database, name: string): Promise<GatewayRecord> {
  const gateway = await findGatewayByName(db, name);
  if (!gateway) throw new VigilError('NOT_FOUND', { what: 'Gateway', id: name });
  return gateway;
}
