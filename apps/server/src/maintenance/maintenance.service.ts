// Ad-hoc maintenance mode. Starting and stopping take effect in the same transaction that records
// the window, so a state change committed after this call returns already sees in_maintenance
// (no polling lag, unlike SCOM's 5 minutes). Windows are kept as history once they end.
import { newUuid, validateMaintenanceDuration, VigilError, type ObjectId } from '@vigil/core';
import {
  activeMaintenanceWindows, containerParents, endMaintenanceWindows, findMaintenanceWindow, findObjectById, insertMaintenanceWindow, maintenanceHistoryOf,
  type Database, type MaintenanceWindowRecord,
} from '@vigil/store';
import { emitAll, type MaintenanceContext, type MaintenanceEvent } from './maintenance-context.ts';
import { coveredObjects, enterMaintenance, releaseCoverage } from './maintenance-coverage.ts';
import { validateMaintenanceReason } from './maintenance-reasons.ts';

export interface StartMaintenanceInput {
  readonly objectId: ObjectId;
  /** The object and everything it hosts or contains. */
  readonly recursive: boolean;
  readonly endMs: number;
  /** A MaintenanceReason code (see maintenance-reasons.ts). */
  readonly reason: string;
  readonly planned: boolean;
  readonly comment?: string;
  readonly by: string;
  /** Set by the scheduler for windows it starts. */
  readonly scheduleId?: string;
}

export interface StartedMaintenance {
  readonly window: MaintenanceWindowRecord;
  /** Objects the window covers (the target first). */
  readonly coveredObjectIds: readonly ObjectId[];
}

/**
 * Puts the object (and, when recursive, what it hosts or contains) into maintenance until endMs.
 * Another active window on the same object is allowed; each ends on its own.
 * Throws NOT_FOUND (object unknown or deleted) or VALIDATION_FAILED (duration outside 5 min..2
 * years, reason not valid for planned/unplanned, no actor).
 */
export async function startMaintenance(ctx: MaintenanceContext, input: StartMaintenanceInput): Promise<StartedMaintenance> {
  const nowMs = ctx.clock.nowMs();
  const problems = [...validateMaintenanceDuration(input.endMs - nowMs), ...validateMaintenanceReason(input.reason, input.planned)];
  if (!input.by) problems.push('by (who starts maintenance) must not be empty');
  if (problems.length > 0) throw new VigilError('VALIDATION_FAILED', { what: `Cannot start maintenance: ${problems.join('; ')}.` });
  const result = await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    return startWindow(trx, ctx, input, nowMs);
  });
  emitAll(ctx, [result.event]);
  return result.started;
}

/** Inside a transaction: records the window and flags what it covers. Validation is the caller's. */
export async function startWindow(
  trx: Database,
  ctx: Pick<MaintenanceContext, 'containmentRelationships'>,
  input: StartMaintenanceInput,
  startMs: number,
): Promise<{ started: StartedMaintenance; event: MaintenanceEvent }> {
  if (!(await isLiveObject(trx, input.objectId))) throw new VigilError('NOT_FOUND', { what: 'Object', id: input.objectId });
  const window: MaintenanceWindowRecord = {
    id: newUuid(startMs),
    objectId: input.objectId,
    recursive: input.recursive,
    startsAtMs: startMs,
    endsAtMs: input.endMs,
    endedAtMs: null,
    reason: input.reason,
    planned: input.planned,
    comment: input.comment ?? '',
    startedBy: input.by,
    scheduleId: input.scheduleId ?? null,
  };
  await insertMaintenanceWindow(trx, window);
  const covered = await coveredObjects(trx, window, ctx.containmentRelationships ?? []);
  const entered = await enterMaintenance(trx, covered, startMs);
  return { started: { window, coveredObjectIds: covered }, event: { kind: 'started', window, objectIds: entered, atMs: startMs } };
}

async function isLiveObject(trx: Database, id: ObjectId): Promise<boolean> {
  const row = await trx.selectFrom('monitoring_object').select('deleted_at').where('id', '=', id).executeTakeFirst();
  return row !== undefined && row.deleted_at === null;
}

/**
 * Ends every active window that targets the object, at once. Objects another active window
 * still covers stay in maintenance. Returns the ended windows.
 * Throws MAINTENANCE_INHERITED when the object is only covered through a container's recursive
 * window, NOT_FOUND when it is not in maintenance at all.
 */
export async function stopMaintenance(ctx: MaintenanceContext, objectId: ObjectId, by: string): Promise<MaintenanceWindowRecord[]> {
  const nowMs = ctx.clock.nowMs();
  const containment = ctx.containmentRelationships ?? [];
  const { ended, events } = await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    const active = await activeMaintenanceWindows(trx, [objectId]);
    if (active.length === 0) throw await notInOwnMaintenance(trx, objectId, containment);
    return endWindows(trx, active, { cause: 'stopped', by, endedAtMs: nowMs, nowMs, containment });
  });
  emitAll(ctx, events);
  return ended;
}

/** Ends one window by id (e.g. one of several overlapping ones). Throws NOT_FOUND when not active. */
export async function stopMaintenanceWindow(ctx: MaintenanceContext, windowId: string, by: string): Promise<MaintenanceWindowRecord> {
  const nowMs = ctx.clock.nowMs();
  const { ended, events } = await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    const window = await findMaintenanceWindow(trx, windowId);
    if (!window || window.endedAtMs !== null) throw new VigilError('NOT_FOUND', { what: 'Active maintenance window', id: windowId });
    return endWindows(trx, [window], { cause: 'stopped', by, endedAtMs: nowMs, nowMs, containment: ctx.containmentRelationships ?? [] });
  });
  emitAll(ctx, events);
  return ended[0]!;
}

export interface EndOptions {
  readonly cause: 'stopped' | 'expired';
  readonly by: string;
  /** Stored as ended_at: now for a stop, the planned end for an expiry. */
  readonly endedAtMs: number | ((w: MaintenanceWindowRecord) => number);
  readonly nowMs: number;
  readonly containment: readonly string[];
}

/** Inside a transaction: marks windows ended and clears the flag where nothing else covers. */
export async function endWindows(
  trx: Database,
  windows: readonly MaintenanceWindowRecord[],
  options: EndOptions,
): Promise<{ ended: MaintenanceWindowRecord[]; events: MaintenanceEvent[] }> {
  const ended: MaintenanceWindowRecord[] = [];
  for (const window of windows) {
    const endedAtMs = typeof options.endedAtMs === 'function' ? options.endedAtMs(window) : options.endedAtMs;
    if ((await endMaintenanceWindows(trx, [window.id], endedAtMs)) > 0) ended.push({ ...window, endedAtMs });
  }
  const left = await releaseCoverage(trx, ended, options.containment, options.nowMs);
  const events = ended.map((window): MaintenanceEvent => ({
    kind: 'ended', window, cause: options.cause, by: options.by, objectIds: left.get(window.id) ?? [], atMs: options.nowMs,
  }));
  return { ended, events };
}

async function notInOwnMaintenance(trx: Database, objectId: ObjectId, containment: readonly string[]): Promise<VigilError> {
  const parents = await containerParents(trx, [objectId], containment);
  parents.delete(objectId);
  const inherited = (await activeMaintenanceWindows(trx, [...parents.keys()])).find((w) => w.recursive);
  if (inherited) {
    return new VigilError('MAINTENANCE_INHERITED', { objectId, containerId: inherited.objectId, endsAt: new Date(inherited.endsAtMs).toISOString() });
  }
  return new VigilError('NOT_FOUND', { what: 'Active maintenance window on object', id: objectId });
}

export interface MaintenanceStatus {
  readonly objectId: ObjectId;
  readonly inMaintenance: boolean;
  /** Windows targeting the object itself, newest first, history included. */
  readonly windows: readonly MaintenanceWindowRecord[];
}

/** What state views and the API show about one object's maintenance. Throws NOT_FOUND. */
export async function maintenanceStatus(ctx: Pick<MaintenanceContext, 'db'>, objectId: ObjectId, historyLimit = 50): Promise<MaintenanceStatus> {
  const object = await findObjectById(ctx.db, objectId);
  if (!object) throw new VigilError('NOT_FOUND', { what: 'Object', id: objectId });
  return { objectId, inMaintenance: object.inMaintenance, windows: await maintenanceHistoryOf(ctx.db, objectId, historyLimit) };
}

/** Every active window (for the "objects in maintenance" view). */
export async function listActiveMaintenance(ctx: Pick<MaintenanceContext, 'db'>): Promise<MaintenanceWindowRecord[]> {
  return activeMaintenanceWindows(ctx.db);
}
