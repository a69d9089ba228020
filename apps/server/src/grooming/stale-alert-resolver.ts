// Alerts left in New auto-resolve after 30 days (SCOM's default), through core autoResolveAlerts:
// a monitor alert whose monitor is still warning or critical is kept open. Each resolution is
// written with its history entry, in batches, so a backlog never makes one long transaction.
import { autoResolveAlerts, DEFAULT_AUTO_RESOLVE_POLICY, type Alert, type AlertId, type AutoResolvePolicy, type ObjectId } from '@vigil/core';
import { monitorStatesOfObjects, saveAlert, staleNewAlerts } from '@vigil/store';
import type { GroomingContext } from './grooming-context.ts';

const BATCH = 500;

export interface AutoResolveResult {
  readonly resolved: readonly AlertId[];
  /** Stale monitor alerts kept open because their monitor is still unhealthy. */
  readonly keptOpen: number;
}

export async function autoResolveStaleAlerts(ctx: GroomingContext, nowMs: number, policy: AutoResolvePolicy = DEFAULT_AUTO_RESOLVE_POLICY): Promise<AutoResolveResult> {
  const resolved: AlertId[] = [];
  let keptOpen = 0;
  const modifiedBeforeMs = nowMs - policy.newAlertMaxAgeMs;
  for (let after: string | null = null; ; ) {
    if (ctx.signal?.aborted) break;
    const stale = await staleNewAlerts(ctx.db, modifiedBeforeMs, after, BATCH);
    if (stale.length === 0) break;
    after = stale.at(-1)!.id;
    const states = await monitorStatesOfObjects(ctx.db, stale.filter((a) => a.source.kind === 'monitor').map((a) => a.source.objectId as ObjectId));
    const stateOf = (alert: Alert) => (alert.source.kind === 'monitor' ? states.get(`${alert.source.objectId} ${alert.source.monitorId}`) : undefined);
    const changed = autoResolveAlerts(stale, nowMs, policy, stateOf);
    const previous = new Map(stale.map((a) => [a.id, a] as const));
    await ctx.db.transaction().execute(async (trx) => {
      await ctx.guard?.(trx);
      for (const alert of changed) await saveAlert(trx, alert, previous.get(alert.id));
    });
    keptOpen += stale.length - changed.length;
    resolved.push(...changed.map((a) => a.id));
    if (changed.length > 0) ctx.onAlertsResolved?.(changed.map((a) => ({ alertId: a.id, objectId: (a.source.objectId || null) as ObjectId | null })));
    if (stale.length < BATCH) break;
  }
  return { resolved, keptOpen };
}
