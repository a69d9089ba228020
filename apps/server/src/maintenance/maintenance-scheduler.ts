// The periodic half of maintenance mode: ends windows whose end has come, starts scheduled
// windows whose start has come, and brings objects discovered under a recursive window into it.
// Idempotent: a scheduled window is identified by (schedule, start), so running twice (or after a
// stop) never opens it again. Register as one pool job; `nextDueMs` lets a single-server runner
// wake exactly when the next window starts or ends.
import { maintenanceWindows, isVigilError, type MaintenanceReason, type MaintenanceRecurrence, type MaintenanceSchedule, type ObjectId } from '@vigil/core';
import {
  findMaintenanceSchedules, findScheduledWindow, maintenanceWindowsDueToEnd, nextMaintenanceEndMs, unflaggedChildrenOfFlagged,
  type Database, type MaintenanceScheduleRecord, type MaintenanceWindowRecord,
} from '@vigil/store';
import { emitAll, type MaintenanceContext, type MaintenanceEvent } from './maintenance-context.ts';
import { enterMaintenance, stillCovered } from './maintenance-coverage.ts';
import { endWindows, startWindow } from './maintenance.service.ts';

export const MAINTENANCE_SCHEDULER_ACTOR = 'system:maintenance-scheduler';
/** How far ahead nextDueMs looks for scheduled starts. */
const LOOKAHEAD_MS = 2 * 86_400_000;
/** Bound on one pass over newly discovered children (the pass repeats while it finds some). */
const CHILD_SCAN_LIMIT = 50_000;

export interface MaintenanceSchedulerResult {
  readonly started: readonly MaintenanceWindowRecord[];
  readonly ended: readonly MaintenanceWindowRecord[];
  /** Objects newly brought into an active recursive window (discovered after it started). */
  readonly joined: number;
  /** Schedules that could not start a window, as sentences (their target was deleted, ...). */
  readonly problems: readonly string[];
  /** When the next window starts or ends, if within two days; undefined when nothing is due. */
  readonly nextDueMs: number | undefined;
}

/** The core schedule a stored record describes. */
export function toCoreSchedule(record: MaintenanceScheduleRecord): MaintenanceSchedule {
  const timing = record.timing as { timeZone: string; recurrence: MaintenanceRecurrence; durationMs: number };
  return {
    id: record.id,
    timeZone: timing.timeZone,
    recurrence: timing.recurrence,
    durationMs: timing.durationMs,
    planned: record.planned,
    reason: record.reason as MaintenanceReason,
    ...(record.comment ? { comment: record.comment } : {}),
  };
}

export async function runMaintenanceScheduler(ctx: MaintenanceContext, nowMs: number): Promise<MaintenanceSchedulerResult> {
  const containment = ctx.containmentRelationships ?? [];
  const events: MaintenanceEvent[] = [];
  const write = <T>(work: (trx: Database) => Promise<T>): Promise<T> =>
    ctx.db.transaction().execute(async (trx) => {
      await ctx.guard?.(trx);
      return work(trx);
    });

  const expiry = await write(async (trx) => {
    const due = await maintenanceWindowsDueToEnd(trx, nowMs);
    return endWindows(trx, due, { cause: 'expired', by: MAINTENANCE_SCHEDULER_ACTOR, endedAtMs: (w) => w.endsAtMs, nowMs, containment });
  });
  events.push(...expiry.events);

  const schedules = await findMaintenanceSchedules(ctx.db, { enabledOnly: true });
  const starts = await write((trx) => startDueScheduledWindows(trx, ctx, schedules, nowMs));
  events.push(...starts.events);

  const joined = await write((trx) => joinNewChildren(trx, containment, nowMs));
  emitAll(ctx, events);
  return {
    started: starts.started,
    ended: expiry.ended,
    joined,
    problems: starts.problems,
    nextDueMs: await nextDue(ctx.db, schedules, nowMs),
  };
}

/** Inside a transaction: opens the window of each schedule that contains nowMs, unless already opened. */
export async function startDueScheduledWindows(
  trx: Database,
  ctx: Pick<MaintenanceContext, 'containmentRelationships'>,
  schedules: readonly MaintenanceScheduleRecord[],
  nowMs: number,
): Promise<{ started: MaintenanceWindowRecord[]; events: MaintenanceEvent[]; problems: string[] }> {
  const started: MaintenanceWindowRecord[] = [];
  const events: MaintenanceEvent[] = [];
  const problems: string[] = [];
  for (const schedule of schedules) {
    try {
      for (const window of maintenanceWindows(toCoreSchedule(schedule), nowMs, nowMs + 1)) {
        if (await findScheduledWindow(trx, schedule.id, window.startMs)) continue;
        const result = await startWindow(
          trx,
          ctx,
          {
            objectId: schedule.objectId, recursive: schedule.recursive, endMs: window.endMs, reason: schedule.reason,
            planned: schedule.planned, comment: schedule.comment, by: `schedule:${schedule.name}`, scheduleId: schedule.id,
          },
          // The window's own start, so (schedule, start) identifies it even when the scheduler runs late.
          window.startMs,
        );
        started.push(result.started.window);
        events.push(result.event);
      }
    } catch (error) {
      // Checks run before any write, so a refused schedule leaves the transaction usable.
      if (!isVigilError(error)) throw error;
      problems.push(`Maintenance schedule "${schedule.name}" (${schedule.id}): ${error.message}`);
    }
  }
  return { started, events, problems };
}

/** Flags objects that appeared under an object in recursive maintenance; returns how many. */
async function joinNewChildren(trx: Database, containment: readonly string[], nowMs: number): Promise<number> {
  let joined = 0;
  const rejected = new Set<string>();
  for (;;) {
    const candidates = (await unflaggedChildrenOfFlagged(trx, containment, CHILD_SCAN_LIMIT)).filter((id) => !rejected.has(id));
    if (candidates.length === 0) return joined;
    const covered = await stillCovered(trx, candidates, containment);
    for (const id of candidates) if (!covered.has(id)) rejected.add(id);
    if (covered.size === 0) return joined;
    joined += (await enterMaintenance(trx, [...covered] as ObjectId[], nowMs)).length;
  }
}

async function nextDue(db: Database, schedules: readonly MaintenanceScheduleRecord[], nowMs: number): Promise<number | undefined> {
  let next = await nextMaintenanceEndMs(db);
  for (const schedule of schedules) {
    try {
      const upcoming = maintenanceWindows(toCoreSchedule(schedule), nowMs, nowMs + LOOKAHEAD_MS).find((w) => w.startMs > nowMs);
      if (upcoming && (next === undefined || upcoming.startMs < next)) next = upcoming.startMs;
    } catch {
      // An invalid stored schedule is reported by startDueScheduledWindows; it has no next start.
    }
  }
  return next;
}
