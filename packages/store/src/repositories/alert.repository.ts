// Alerts as the core model sees them (packages/core health/alert-model): a row plus its full
// history. Saving writes the row and only the history entries the store does not have yet.
import { newUuid, type Alert, type AlertHistoryEntry, type AlertId, type AlertSource, type ObjectId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { AlertTable, AlertHistoryTable } from '../schema/monitoring-tables.ts';

const OPEN_BELOW = 254;

function toSource(row: AlertTable): AlertSource {
  return row.source_kind === 'monitor'
    ? { kind: 'monitor', monitorId: row.source_id, objectId: row.object_id ?? '' }
    : { kind: 'rule', ruleId: row.source_id, objectId: row.object_id ?? '', suppressionKey: row.suppression_key ?? '' };
}

function toHistory(row: AlertHistoryTable): AlertHistoryEntry {
  const base = { atMs: row.at, by: row.by, ...(row.comment ? { comment: row.comment } : {}) };
  switch (row.kind) {
    case 'raised':
      return { ...base, kind: 'raised', to: Number(row.to_value) };
    case 'severity':
      return { ...base, kind: 'severity', from: row.from_value as Alert['severity'], to: row.to_value as Alert['severity'] };
    case 'repeat':
      return { ...base, kind: 'repeat', from: Number(row.from_value), to: Number(row.to_value) };
    case 'owner':
    case 'ticket':
      return { ...base, kind: row.kind, from: row.from_value, to: row.to_value };
    default:
      return { ...base, kind: 'resolution-state', from: Number(row.from_value), to: Number(row.to_value) };
  }
}

export interface AlertContext {
  readonly context: Readonly<Record<string, unknown>>;
  readonly owner: string | null;
  readonly ticketId: string | null;
}

export function toAlert(row: AlertTable, history: readonly AlertHistoryTable[]): Alert {
  return {
    id: row.id as AlertId,
    name: row.name,
    description: row.description,
    source: toSource(row),
    severity: row.severity,
    priority: row.priority,
    resolutionState: row.resolution_state,
    raisedAtMs: row.raised_at,
    lastRaisedMs: row.last_modified_at,
    lastModifiedMs: row.last_modified_at,
    repeatCount: row.repeat_count,
    ...(row.resolved_at !== null ? { resolvedAtMs: row.resolved_at } : {}),
    history: [...history].sort((a, b) => a.at - b.at).map(toHistory),
  };
}

async function loadWithHistory(db: Database, row: AlertTable | undefined): Promise<Alert | undefined> {
  if (!row) return undefined;
  const history = await db.selectFrom('alert_history').selectAll().where('alert_id', '=', row.id).orderBy('at').orderBy('id').execute();
  return toAlert(row, history);
}

export async function findAlert(db: Database, id: AlertId): Promise<Alert | undefined> {
  return loadWithHistory(db, await db.selectFrom('alert').selectAll().where('id', '=', id).executeTakeFirst());
}

/** The open (not resolved/closed) alert a monitor raised on an object, if any. */
export async function findOpenMonitorAlert(db: Database, objectId: ObjectId, monitorId: string): Promise<Alert | undefined> {
  const row = await db
    .selectFrom('alert')
    .selectAll()
    .where('object_id', '=', objectId)
    .where('source_kind', '=', 'monitor')
    .where('source_id', '=', monitorId)
    .where('resolution_state', '<', OPEN_BELOW)
    .executeTakeFirst();
  return loadWithHistory(db, row);
}

/** The open rule alert with this suppression key on this object, if any. */
export async function findOpenRuleAlert(db: Database, objectId: ObjectId, ruleId: string, suppressionKey: string): Promise<Alert | undefined> {
  const row = await db
    .selectFrom('alert')
    .selectAll()
    .where('object_id', '=', objectId)
    .where('source_kind', '=', 'rule')
    .where('source_id', '=', ruleId)
    .where('suppression_key', '=', suppressionKey)
    .where('resolution_state', '<', OPEN_BELOW)
    .executeTakeFirst();
  return loadWithHistory(db, row);
}

/**
 * Writes an alert (insert or update) and the history entries after `previous` (all of them for
 * a new alert). `extra` carries what the core model does not: the context that raised it.
 */
export async function saveAlert(db: Database, alert: Alert, previous: Alert | undefined, extra: Partial<AlertContext> = {}): Promise<void> {
  const resolved = alert.resolutionState >= OPEN_BELOW;
  const values = {
    name: alert.name,
    description: alert.description,
    severity: alert.severity,
    priority: alert.priority,
    resolution_state: alert.resolutionState,
    repeat_count: alert.repeatCount,
    last_modified_at: alert.lastModifiedMs,
    resolved_at: resolved ? (alert.resolvedAtMs ?? alert.lastModifiedMs) : null,
    ...(extra.owner !== undefined ? { owner: extra.owner } : {}),
    ...(extra.ticketId !== undefined ? { ticket_id: extra.ticketId } : {}),
  };
  if (previous) {
    await db.updateTable('alert').set(values).where('id', '=', alert.id).execute();
  } else {
    await db
      .insertInto('alert')
      .values({
        id: alert.id,
        object_id: alert.source.objectId || null,
        source_kind: alert.source.kind,
        source_id: alert.source.kind === 'monitor' ? alert.source.monitorId : alert.source.ruleId,
        suppression_key: alert.source.kind === 'rule' ? alert.source.suppressionKey : null,
        owner: extra.owner ?? null,
        ticket_id: extra.ticketId ?? null,
        raised_at: alert.raisedAtMs,
        context_json: JSON.stringify(extra.context ?? {}),
        ...values,
      })
      .execute();
  }
  const previousLength = previous?.history.length ?? 0;
  const last = alert.history.at(-1);
  if (previous && last?.kind === 'repeat' && alert.history.length === previousLength) {
    // Consecutive repeats share one history entry (see core raiseRuleAlert): move it forward.
    const row = await db.selectFrom('alert_history').select('id').where('alert_id', '=', alert.id).where('kind', '=', 'repeat').orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirst();
    if (row) await db.updateTable('alert_history').set({ at: last.atMs, to_value: String(last.to) }).where('id', '=', row.id).execute();
    return;
  }
  const newEntries = alert.history.slice(previousLength);
  if (newEntries.length === 0) return;
  await db
    .insertInto('alert_history')
    .values(
      newEntries.map((entry) => ({
        id: newUuid(entry.atMs),
        alert_id: alert.id,
        at: entry.atMs,
        by: entry.by,
        kind: entry.kind,
        from_value: 'from' in entry && entry.from !== null ? String(entry.from) : null,
        to_value: entry.to === null ? null : String(entry.to),
        comment: entry.comment ?? null,
      })),
    )
    .execute();
}
