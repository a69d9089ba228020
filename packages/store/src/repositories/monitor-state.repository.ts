import { newUuid, type ObjectId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { HealthStateColumn } from '../schema/column-types.ts';

export interface MonitorStateRecord {
  readonly objectId: ObjectId;
  readonly monitorId: string;
  readonly state: HealthStateColumn;
  readonly changedAtMs: number;
  readonly context: Readonly<Record<string, unknown>>;
}

export async function monitorStatesOf(db: Database, objectId: ObjectId): Promise<MonitorStateRecord[]> {
  const rows = await db.selectFrom('monitor_state').selectAll().where('object_id', '=', objectId).execute();
  return rows.map((r) => ({
    objectId: r.object_id as ObjectId,
    monitorId: r.monitor_id,
    state: r.state,
    changedAtMs: r.changed_at,
    context: JSON.parse(r.context_json) as Record<string, unknown>,
  }));
}

export async function currentMonitorState(db: Database, objectId: ObjectId, monitorId: string): Promise<MonitorStateRecord | undefined> {
  const row = await db.selectFrom('monitor_state').selectAll().where('object_id', '=', objectId).where('monitor_id', '=', monitorId).executeTakeFirst();
  return row
    ? { objectId, monitorId, state: row.state, changedAtMs: row.changed_at, context: JSON.parse(row.context_json) as Record<string, unknown> }
    : undefined;
}

export interface StateTransition {
  readonly objectId: ObjectId;
  readonly monitorId: string;
  readonly toState: HealthStateColumn;
  readonly atMs: number;
  readonly context: Readonly<Record<string, unknown>>;
}

/**
 * Applies a monitor state change: records it in the history and makes it current, unless the
 * current state is newer (a late, out-of-order change only goes to history). Returns the state
 * it replaced, or undefined when nothing changed.
 */
export async function applyStateTransition(db: Database, change: StateTransition): Promise<{ from: HealthStateColumn; current: boolean } | undefined> {
  const current = await currentMonitorState(db, change.objectId, change.monitorId);
  const from = current?.state ?? 'unknown';
  if (current && current.state === change.toState) return undefined;
  const contextJson = JSON.stringify(change.context);
  await db
    .insertInto('state_change')
    .values({ id: newUuid(change.atMs), object_id: change.objectId, monitor_id: change.monitorId, from_state: from, to_state: change.toState, at: change.atMs, context_json: contextJson })
    .execute();
  if (current && current.changedAtMs > change.atMs) return { from, current: false };
  await db
    .insertInto('monitor_state')
    .values({ object_id: change.objectId, monitor_id: change.monitorId, state: change.toState, changed_at: change.atMs, context_json: contextJson })
    .onConflict((oc) => oc.columns(['object_id', 'monitor_id']).doUpdateSet({ state: change.toState, changed_at: change.atMs, context_json: contextJson }))
    .execute();
  return { from, current: true };
}
