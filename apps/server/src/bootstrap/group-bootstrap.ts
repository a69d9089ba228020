// Creates the management group the first time a server opens an empty database (its name and
// its certificate authority), or loads it. A data folder remembers which group it belongs to,
// so pointing a server at another group's database is refused instead of silently mixing them.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { newId, VigilError, type Clock, type ManagementGroupId } from '@vigil/core';
import { createCertificateAuthority, loadCertificateAuthority, type CertificateAuthority } from '@vigil/pki';
import { getManagementGroup, insertManagementGroup, type ApprovalPolicy, type Database, type ManagementGroupRecord } from '@vigil/store';

const CA_VALIDITY_DAYS = 3650;
const GROUP_MARKER = 'group.json';

export interface LoadedGroup {
  readonly record: ManagementGroupRecord;
  readonly ca: CertificateAuthority;
  /** True when this call created the group. */
  readonly created: boolean;
}

export async function ensureManagementGroup(
  db: Database,
  options: { groupName: string; approvalPolicy: ApprovalPolicy; clock: Clock },
): Promise<LoadedGroup> {
  const existing = await getManagementGroup(db);
  if (existing) {
    return { record: existing, ca: loadCertificateAuthority({ certPem: existing.caCertPem, privateKeyPem: existing.caKeyPem }), created: false };
  }
  const ca = await createCertificateAuthority({ groupName: options.groupName, validityDays: CA_VALIDITY_DAYS, clock: options.clock });
  const record: ManagementGroupRecord = {
    id: newId<ManagementGroupId>(options.clock.nowMs()),
    name: options.groupName,
    createdAtMs: options.clock.nowMs(),
    approvalPolicy: options.approvalPolicy,
    caCertPem: ca.certPem,
    caKeyPem: ca.privateKeyPem,
  };
  try {
    await insertManagementGroup(db, record);
  } catch (error) {
    // Another server created the group at the same moment: use theirs.
    const raced = await getManagementGroup(db);
    if (!raced) throw error;
    return { record: raced, ca: loadCertificateAuthority({ certPem: raced.caCertPem, privateKeyPem: raced.caKeyPem }), created: false };
  }
  return { record, ca, created: true };
}

/** Records the group in the data folder, or refuses if the folder belongs to another group. */
export function bindDataDirToGroup(dataDir: string, group: ManagementGroupRecord): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const marker = join(dataDir, GROUP_MARKER);
  if (existsSync(marker)) {
    const found = JSON.parse(readFileSync(marker, 'utf8')) as { id: string; name: string };
    if (found.id !== group.id) {
      throw new VigilError('GROUP_MISMATCH', { path: dataDir, found: `${found.name} (${found.id})`, expected: `${group.name} (${group.id})` });
    }
    return;
  }
  writeFileSync(marker, JSON.stringify({ id: group.id, name: group.name }, null, 2) + '\n');
  writeFileSync(join(dataDir, 'ca.pem'), group.caCertPem);
}
