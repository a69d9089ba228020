// Imported management packs (their YAML kept as imported), the classes they define (kept in a
// table so scopes and class filters can be queried), and the overrides they carry.
import { newUuid } from '@vigil/core';
import type { Database } from '../store.ts';

export interface StoredPack {
  readonly name: string;
  readonly version: string;
  readonly displayName: string;
  readonly sealed: boolean;
  readonly sealKeyId: string | null;
  readonly content: string;
  readonly importedAtMs: number;
  readonly importedBy: string;
}

export interface StoredClass {
  readonly id: string;
  readonly baseId: string | null;
  readonly abstract: boolean;
  readonly hosted: boolean;
  readonly displayName: string;
  readonly properties: ReadonlyArray<{ name: string; type: string; key?: boolean }>;
}

export interface StoredOverride {
  readonly id: string;
  readonly workflowId: string;
  readonly parameter: string;
  readonly value: unknown;
  readonly contextKind: 'class' | 'group' | 'instance';
  readonly contextId: string;
  readonly enforced: boolean;
}

export async function listStoredPacks(db: Database): Promise<StoredPack[]> {
  const rows = await db.selectFrom('management_pack').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    version: r.version,
    displayName: r.display_name,
    sealed: r.sealed === 1,
    sealKeyId: r.seal_key_id,
    content: r.content,
    importedAtMs: r.imported_at,
    importedBy: r.imported_by,
  }));
}

/** A cheap fingerprint of what is imported, to notice imports made through another server. */
export async function packsFingerprint(db: Database): Promise<string> {
  const rows = await db.selectFrom('management_pack').select(['name', 'version', 'imported_at']).orderBy('name').execute();
  return rows.map((r) => `${r.name}@${r.version}@${r.imported_at}`).join('|');
}

/**
 * Stores (or replaces) a pack with its classes and overrides, in the caller's transaction.
 * With `replacing` (the stored content the caller based this pack on, or null for "not
 * installed") the pack row is written only if it is still that one, and false is returned
 * otherwise, with nothing written: a compare-and-swap, so two writers that read the same version
 * cannot both replace it. The conditional UPDATE (or INSERT … ON CONFLICT DO NOTHING) waits on
 * PostgreSQL for a concurrent writer of the row to commit and then re-checks its condition; on
 * SQLite the transaction already holds the writer lock.
 */
export async function savePack(
  db: Database, pack: StoredPack, classes: readonly StoredClass[], overrides: readonly StoredOverride[], replacing?: string | null,
): Promise<boolean> {
  const row = {
    name: pack.name,
    version: pack.version,
    display_name: pack.displayName,
    sealed: pack.sealed ? 1 : 0,
    seal_key_id: pack.sealKeyId,
    content: pack.content,
    imported_at: pack.importedAtMs,
    imported_by: pack.importedBy,
  };
  if (replacing === undefined) {
    await db.deleteFrom('management_pack').where('name', '=', pack.name).execute();
    await db.insertInto('management_pack').values(row).execute();
  } else if (replacing === null) {
    const inserted = await db.insertInto('management_pack').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
  } else {
    const updated = await db.updateTable('management_pack').set(row).where('name', '=', pack.name).where('content', '=', replacing).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return false;
  }
  await db.deleteFrom('class').where('pack_name', '=', pack.name).execute();
  if (classes.length > 0) {
    await db
      .insertInto('class')
      .values(
        classes.map((c) => ({
          id: c.id,
          pack_name: pack.name,
          base_id: c.baseId,
          abstract: c.abstract ? 1 : 0,
          hosted: c.hosted ? 1 : 0,
          display_name: c.displayName,
          properties_json: JSON.stringify(c.properties),
        })),
      )
      .execute();
  }
  await db.deleteFrom('override').where('pack_name', '=', pack.name).execute();
  if (overrides.length > 0) {
    await db
      .insertInto('override')
      .values(
        overrides.map((o) => ({
          id: o.id || newUuid(pack.importedAtMs),
          pack_name: pack.name,
          workflow_id: o.workflowId,
          parameter: o.parameter,
          value_json: JSON.stringify(o.value),
          context_kind: o.contextKind,
          context_id: o.contextId,
          enforced: o.enforced ? 1 : 0,
          created_at: pack.importedAtMs,
          created_by: pack.importedBy,
        })),
      )
      .execute();
  }
  return true;
}

export async function deletePack(db: Database, name: string): Promise<boolean> {
  const result = await db.deleteFrom('management_pack').where('name', '=', name).executeTakeFirst();
  await db.deleteFrom('class').where('pack_name', '=', name).execute();
  await db.deleteFrom('override').where('pack_name', '=', name).execute();
  return Number(result.numDeletedRows) > 0;
}

export async function listOverrides(db: Database): Promise<Array<StoredOverride & { packName: string }>> {
  const rows = await db.selectFrom('override').selectAll().execute();
  return rows.map((r) => ({
    id: r.id,
    packName: r.pack_name,
    workflowId: r.workflow_id,
    parameter: r.parameter,
    value: JSON.parse(r.value_json) as unknown,
    contextKind: r.context_kind,
    contextId: r.context_id,
    enforced: r.enforced === 1,
  }));
}
