// Maintenance schedules (once, daily, weekly, monthly in a named time zone). Window times come
// from core's maintenanceWindows, which keeps wall-clock starts across DST. A schedule whose
// window is under way when it is created starts that window at once. Editing, disabling or
// deleting a schedule leaves a window it already started alone (stop it explicitly).
import {
  maintenanceWindows, newUuid, validateMaintenanceSchedule, VigilError,
  type MaintenanceReason, type MaintenanceRecurrence, type MaintenanceSchedule, type MaintenanceWindow, type ObjectId,
} from '@vigil/core';
import {
  findMaintenanceSchedule, findMaintenanceSchedules, findObjectById, insertMaintenanceSchedule, removeMaintenanceSchedule, replaceMaintenanceSchedule,
  type MaintenanceScheduleRecord,
} from '@vigil/store';
import { emitAll, type MaintenanceContext } from './maintenance-context.ts';
import { validateMaintenanceReason } from './maintenance-reasons.ts';
import { startDueScheduledWindows, toCoreSchedule } from './maintenance-scheduler.ts';

export interface MaintenanceScheduleInput {
  readonly name: string;
  readonly objectId: ObjectId;
  readonly recursive: boolean;
  readonly timeZone: string;
  readonly recurrence: MaintenanceRecurrence;
  readonly durationMs: number;
  readonly reason: MaintenanceReason;
  readonly planned: boolean;
  readonly comment?: string;
  /** Default true. */
  readonly enabled?: boolean;
}

export interface MaintenanceScheduleView extends MaintenanceScheduleInput {
  readonly id: string;
  readonly comment: string;
  readonly enabled: boolean;
  readonly createdBy: string;
  readonly createdAtMs: number;
}

function toView(record: MaintenanceScheduleRecord): MaintenanceScheduleView {
  const core = toCoreSchedule(record);
  return {
    id: record.id, name: record.name, objectId: record.objectId, recursive: record.recursive,
    timeZone: core.timeZone, recurrence: core.recurrence, durationMs: core.durationMs,
    reason: core.reason, planned: record.planned, comment: record.comment, enabled: record.enabled,
    createdBy: record.createdBy, createdAtMs: record.createdAtMs,
  };
}

async function validated(ctx: MaintenanceContext, id: string, input: MaintenanceScheduleInput): Promise<Omit<MaintenanceScheduleRecord, 'createdBy' | 'createdAtMs'>> {
  const core: MaintenanceSchedule = { id, timeZone: input.timeZone, recurrence: input.recurrence, durationMs: input.durationMs, planned: input.planned, reason: input.reason };
  const problems = [...validateMaintenanceSchedule(core), ...validateMaintenanceReason(input.reason, input.planned)];
  if (!input.name.trim()) problems.push('name must not be empty');
  if (problems.length > 0) throw new VigilError('VALIDATION_FAILED', { what: `Maintenance schedule "${input.name}" is invalid: ${problems.join('; ')}.` });
  if (!(await findObjectById(ctx.db, input.objectId))) throw new VigilError('NOT_FOUND', { what: 'Object', id: input.objectId });
  return {
    id, name: input.name.trim(), objectId: input.objectId, recursive: input.recursive,
    timing: { timeZone: input.timeZone, recurrence: input.recurrence, durationMs: input.durationMs },
    reason: input.reason, planned: input.planned, comment: input.comment ?? '', enabled: input.enabled ?? true,
  };
}

/** Creates a schedule; starts its current window at once if one is under way. Throws VALIDATION_FAILED, NOT_FOUND. */
export async function createMaintenanceSchedule(ctx: MaintenanceContext, input: MaintenanceScheduleInput, by: string): Promise<MaintenanceScheduleView> {
  const nowMs = ctx.clock.nowMs();
  const record: MaintenanceScheduleRecord = { ...(await validated(ctx, newUuid(nowMs), input)), createdBy: by, createdAtMs: nowMs };
  const events = await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    await insertMaintenanceSchedule(trx, record);
    return record.enabled ? (await startDueScheduledWindows(trx, ctx, [record], nowMs)).events : [];
  });
  emitAll(ctx, events);
  return toView(record);
}

/** Replaces a schedule's settings. Throws NOT_FOUND, VALIDATION_FAILED. */
export async function updateMaintenanceSchedule(ctx: MaintenanceContext, id: string, input: MaintenanceScheduleInput): Promise<MaintenanceScheduleView> {
  const existing = await findMaintenanceSchedule(ctx.db, id);
  if (!existing) throw new VigilError('NOT_FOUND', { what: 'Maintenance schedule', id });
  const record: MaintenanceScheduleRecord = { ...(await validated(ctx, id, input)), createdBy: existing.createdBy, createdAtMs: existing.createdAtMs };
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    await replaceMaintenanceSchedule(trx, record);
  });
  return toView(record);
}

/** Deletes a schedule (its windows stay in the history). Throws NOT_FOUND. */
export async function deleteMaintenanceSchedule(ctx: MaintenanceContext, id: string): Promise<void> {
  const removed = await ctx.db.transaction().execute(async (trx) => {
    await ctx.guard?.(trx);
    return removeMaintenanceSchedule(trx, id);
  });
  if (!removed) throw new VigilError('NOT_FOUND', { what: 'Maintenance schedule', id });
}

export async function getMaintenanceSchedule(ctx: Pick<MaintenanceContext, 'db'>, id: string): Promise<MaintenanceScheduleView> {
  const record = await findMaintenanceSchedule(ctx.db, id);
  if (!record) throw new VigilError('NOT_FOUND', { what: 'Maintenance schedule', id });
  return toView(record);
}

export async function listMaintenanceSchedules(ctx: Pick<MaintenanceContext, 'db'>, filter: { objectId?: ObjectId } = {}): Promise<MaintenanceScheduleView[]> {
  return (await findMaintenanceSchedules(ctx.db, filter)).map(toView);
}

/** The windows a schedule will open in [fromMs, toMs), for the console's preview. Throws NOT_FOUND. */
export async function previewMaintenanceSchedule(ctx: Pick<MaintenanceContext, 'db'>, id: string, fromMs: number, toMs: number): Promise<MaintenanceWindow[]> {
  const record = await findMaintenanceSchedule(ctx.db, id);
  if (!record) throw new VigilError('NOT_FOUND', { what: 'Maintenance schedule', id });
  return maintenanceWindows(toCoreSchedule(record), fromMs, toMs);
}
