// The console audit log: every write through the SDK API is recorded (who, what, when, from
// where). Entries are append-only; nothing updates or deletes them except grooming.
import { newUuid, type UserId } from '@vigil/core';
import type { Database } from '../store.ts';

export interface AuditEntry {
  readonly atMs: number;
  readonly userId: UserId | null;
  readonly userName: string;
  readonly action: string;
  readonly targetKind: string;
  readonly targetId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly sourceAddress: string | null;
}

export async function appendAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newUuid(entry.atMs),
      at: entry.atMs,
      user_id: entry.userId,
      user_name: entry.userName,
      action: entry.action,
      target_kind: entry.targetKind,
      target_id: entry.targetId,
      detail_json: JSON.stringify(entry.detail),
      source_address: entry.sourceAddress,
    })
    .execute();
}

/** Newest first. */
export async function listAudit(db: Database, options: { limit: number; beforeMs?: number }): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit);
  if (options.beforeMs !== undefined) query = query.where('at', '<', options.beforeMs);
  const rows = await query.execute();
  return rows.map((r) => ({
    atMs: r.at,
    userId: r.user_id as UserId | null,
    userName: r.user_name,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    detail: JSON.parse(r.detail_json) as Record<string, unknown>,
    sourceAddress: r.source_address,
  }));
}
