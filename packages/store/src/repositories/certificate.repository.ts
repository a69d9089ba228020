import type { Database } from '../store.ts';
import type { CertificateRole, CertificateTable } from '../schema/operational-schema.ts';

export interface CertificateRecord {
  readonly serial: string;
  readonly subject: string;
  readonly role: CertificateRole;
  readonly ownerId: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly revokedAtMs: number | null;
  readonly revocationReason: string | null;
  readonly certificatePem: string;
}

function toRecord(row: CertificateTable): CertificateRecord {
  return {
    serial: row.serial,
    subject: row.subject,
    role: row.role,
    ownerId: row.owner_id,
    issuedAtMs: row.issued_at,
    expiresAtMs: row.expires_at,
    revokedAtMs: row.revoked_at,
    revocationReason: row.revocation_reason,
    certificatePem: row.certificate_pem,
  };
}

export async function recordCertificate(db: Database, certificate: Omit<CertificateRecord, 'revokedAtMs' | 'revocationReason'>): Promise<void> {
  await db
    .insertInto('certificate')
    .values({
      serial: certificate.serial,
      subject: certificate.subject,
      role: certificate.role,
      owner_id: certificate.ownerId,
      issued_at: certificate.issuedAtMs,
      expires_at: certificate.expiresAtMs,
      revoked_at: null,
      revocation_reason: null,
      certificate_pem: certificate.certificatePem,
    })
    .execute();
}

/** Revokes a certificate; returns false if no certificate has that serial. Revoking twice keeps the first time. */
export async function revokeCertificate(db: Database, serial: string, reason: string, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('certificate')
    .set({ revoked_at: nowMs, revocation_reason: reason })
    .where('serial', '=', serial)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return true;
  return (await db.selectFrom('certificate').select('serial').where('serial', '=', serial).executeTakeFirst()) !== undefined;
}

export async function listRevokedSerials(db: Database): Promise<Set<string>> {
  const rows = await db.selectFrom('certificate').select('serial').where('revoked_at', 'is not', null).execute();
  return new Set(rows.map((r) => r.serial));
}

export async function listCertificatesOf(db: Database, ownerId: string): Promise<CertificateRecord[]> {
  const rows = await db.selectFrom('certificate').selectAll().where('owner_id', '=', ownerId).orderBy('issued_at').execute();
  return rows.map(toRecord);
}
