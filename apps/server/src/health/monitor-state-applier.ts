// The one path a monitor state takes into the operational database, whoever evaluated it (an
// agent, a pool member's probe, the heartbeat watcher): record the transition, follow it with
// the monitor's alert, refresh the object's Entity Health, and note the effects for the live feed.
import { newId, onMonitorStateChange, type AlertId, type ObjectId } from '@vigil/core';
import { applyStateTransition, findObjectById, findOpenMonitorAlert, saveAlert, type HealthStateColumn, type MonitoringObjectRecord } from '@vigil/store';
import type { ItemWriteContext } from '../ingest/ingest-context.ts';
import { refreshEntityHealth } from './object-health.ts';

export interface MonitorStateInput {
  readonly objectId: ObjectId;
  readonly monitorId: string;
  readonly toState: HealthStateColumn;
  readonly atMs: number;
  readonly context: Readonly<Record<string, unknown>>;
}

/** Fills `{{state}}`, `{{target.displayName}}` and `{{target.<Property>}}` in alert names and descriptions. */
function fillTemplate(text: string, object: MonitoringObjectRecord | undefined, state: string): string {
  return text.replace(/\{\{\s*(state|target\.[A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    if (name === 'state') return state;
    const property = name.slice('target.'.length);
    if (property.toLowerCase() === 'displayname') return object?.displayName ?? '';
    const value = object?.properties[property] ?? object?.properties[property.charAt(0).toLowerCase() + property.slice(1)];
    return value === undefined ? '' : String(value);
  });
}

export async function applyMonitorState(ctx: Pick<ItemWriteContext, 'trx' | 'rules' | 'effects' | 'clock'>, input: MonitorStateInput): Promise<void> {
  const applied = await applyStateTransition(ctx.trx, input);
  if (!applied?.current) return;
  ctx.effects.stateChanges.push({ objectId: input.objectId, monitorId: input.monitorId, from: applied.from, to: input.toState, atMs: input.atMs });

  const settings = ctx.rules.alertSettings(input.monitorId);
  if (settings) {
    const open = await findOpenMonitorAlert(ctx.trx, input.objectId, input.monitorId);
    const object = await findObjectById(ctx.trx, input.objectId);
    // Maintenance suppresses new alerts; an open alert still follows its monitor (and resolves).
    const suppressed = object?.inMaintenance === true && !open;
    if (!suppressed) {
      const outcome = onMonitorStateChange(
        open,
        { monitorId: input.monitorId, objectId: input.objectId, state: input.toState, atMs: input.atMs, newAlertId: newId<AlertId>(input.atMs) },
        { ...settings, name: fillTemplate(settings.name, object, input.toState), ...(settings.description ? { description: fillTemplate(settings.description, object, input.toState) } : {}) },
      );
      if (outcome.kind !== 'none') {
        await saveAlert(ctx.trx, outcome.alert, open, { context: { monitorId: input.monitorId, state: input.toState, ...input.context } });
        ctx.effects.alertChanges.push({
          alertId: outcome.alert.id,
          objectId: input.objectId,
          change: outcome.kind === 'raised' ? 'raised' : outcome.kind === 'auto-resolved' ? 'resolved' : 'updated',
        });
      }
    }
  }
  await refreshEntityHealth(ctx.trx, input.objectId, ctx.clock.nowMs());
}
