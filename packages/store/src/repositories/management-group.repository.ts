import type { ManagementGroupId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { ApprovalPolicy, ManagementGroupTable } from '../schema/operational-schema.ts';

export interface ManagementGroupRecord {
  readonly id: ManagementGroupId;
  readonly name: string;
  readonly createdAtMs: number;
  readonly approvalPolicy: ApprovalPolicy;
  readonly caCertPem: string;
  readonly caKeyPem: string;
}

function toRecord(row: ManagementGroupTable): ManagementGroupRecord {
  return {
    id: row.id as ManagementGroupId,
    name: row.name,
    createdAtMs: row.created_at,
    approvalPolicy: row.approval_policy,
    caCertPem: row.ca_cert_pem,
    caKeyPem: row.ca_key_pem,
  };
}

/** The database holds exactly one management group; undefined before it is created. */
export async function getManagementGroup(db: Database): Promise<ManagementGroupRecord | undefined> {
  const row = await db.selectFrom('management_group').selectAll().executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function insertManagementGroup(db: Database, group: ManagementGroupRecord): Promise<void> {
  await db
    .insertInto('management_group')
    .values({
      id: group.id,
      name: group.name,
      created_at: group.createdAtMs,
      approval_policy: group.approvalPolicy,
      ca_cert_pem: group.caCertPem,
      ca_key_pem: group.caKeyPem,
      settings_json: '{}',
    })
    .execute();
}

export async function setApprovalPolicy(db: Database, policy: ApprovalPolicy): Promise<void> {
  await db.updateTable('management_group').set({ approval_policy: policy }).execute();
}
