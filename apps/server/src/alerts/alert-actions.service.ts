// What operators do to alerts: move the resolution state (acknowledge 249, custom states, resolve,
// close 255), assign an owner, record a ticket id. Resolution changes go through the core model
// (changeResolutionState), so a monitor alert cannot be resolved or closed while its monitor is
// still unhealthy; owner and ticket changes are history entries too ('owner' / 'ticket').
import { changeResolutionState, newUuid, VigilError, type AlertId, type Clock, type HealthState } from '@vigil/core';
import { ALERT_OPEN_BELOW, type AlertUpdate } from '@vigil/protocol';
import { findAlert, saveAlert, type Database } from '@vigil/store';

export interface AlertActionContext {
  readonly db: Database;
  readonly clock: Clock;
}

export interface AlertActionOutcome {
  readonly alertId: string;
  readonly objectId: string | null;
  /** For the live feed: resolved when the alert left the open states. */
  readonly change: 'updated' | 'resolved';
  readonly changed: boolean;
}

async function monitorStateOf(db: Database, objectId: string, monitorId: string): Promise<HealthState | undefined> {
  const row = await db.selectFrom('monitor_state').select('state').where('object_id', '=', objectId).where('monitor_id', '=', monitorId).executeTakeFirst();
  return row?.state;
}

/**
 * Applies `update` to one alert in one transaction: owner and ticket first, then the resolution
 * state. Throws NOT_FOUND, ALERT_CLOSED, ALERT_RESOLUTION_STATE_INVALID, ALERT_SOURCE_UNHEALTHY.
 */
export async function updateAlert(ctx: AlertActionContext, id: string, update: AlertUpdate, by: string): Promise<AlertActionOutcome> {
  return ctx.db.transaction().execute(async (trx) => {
    const alert = await findAlert(trx, id as AlertId);
    if (!alert) throw new VigilError('NOT_FOUND', { what: 'Alert', id });
    const atMs = ctx.clock.nowMs();
    const comment = update.comment ?? null;
    const row = await trx.selectFrom('alert').select(['owner', 'ticket_id']).where('id', '=', id).executeTakeFirstOrThrow();
    let changed = false;
    const touches = [
      { kind: 'owner', column: 'owner', from: row.owner, to: update.owner },
      { kind: 'ticket', column: 'ticket_id', from: row.ticket_id, to: update.ticketId },
    ] as const;
    for (const touch of touches) {
      if (touch.to === undefined || touch.to === touch.from) continue;
      if (alert.resolutionState === 255) throw new VigilError('ALERT_CLOSED', { alertId: id });
      await trx.updateTable('alert').set({ [touch.column]: touch.to, last_modified_at: atMs }).where('id', '=', id).execute();
      await trx.insertInto('alert_history').values({ id: newUuid(atMs), alert_id: id, at: atMs, by, kind: touch.kind, from_value: touch.from, to_value: touch.to, comment }).execute();
      changed = true;
    }
    let resolutionState = alert.resolutionState;
    if (update.resolutionState !== undefined) {
      const monitorState = alert.source.kind === 'monitor' ? await monitorStateOf(trx, alert.source.objectId, alert.source.monitorId) : undefined;
      const next = changeResolutionState(alert, { to: update.resolutionState, by, atMs, ...(update.comment !== undefined ? { comment: update.comment } : {}) }, monitorState);
      if (next !== alert) {
        await saveAlert(trx, next, alert);
        resolutionState = next.resolutionState;
        changed = true;
      }
    }
    const objectId = alert.source.objectId || null;
    return { alertId: id, objectId, changed, change: resolutionState >= ALERT_OPEN_BELOW ? 'resolved' : 'updated' };
  });
}
