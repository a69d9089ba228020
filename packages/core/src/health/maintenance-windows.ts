// Expands maintenance schedules into concrete windows (epoch ms) and answers "is this object in
// maintenance at T". Pure; the DST rule is LocalTimeAdjustment's (zoned-time.ts).
import { VigilError } from '../errors/vigil-error.ts';
import { type MaintenanceSchedule, WEEKDAYS, validateMaintenanceSchedule } from './maintenance-schedule.ts';
import {
  type LocalDate,
  type LocalTimeAdjustment,
  dateOfDayNumber,
  dayNumber,
  localToUtc,
  parseLocalDate,
  parseLocalTime,
  utcToLocal,
} from './zoned-time.ts';

export interface MaintenanceWindow {
  readonly scheduleId: string;
  /** Inclusive start. */
  readonly startMs: number;
  /** Exclusive end: startMs + durationMs. */
  readonly endMs: number;
  /** The intended local start, `YYYY-MM-DDTHH:MM` in the schedule's zone. */
  readonly localStart: string;
  /** `gap-shifted` or `ambiguous-first` when a DST change moved or disambiguated the start. */
  readonly adjustment: LocalTimeAdjustment;
}

/**
 * The windows of `schedule` that overlap [fromMs, toMs), ordered by start. Windows of one
 * schedule may overlap each other when the duration exceeds the recurrence period; they are
 * returned as they are. Throws VALIDATION_FAILED for an invalid schedule.
 */
export function maintenanceWindows(schedule: MaintenanceSchedule, fromMs: number, toMs: number): MaintenanceWindow[] {
  const errors = validateMaintenanceSchedule(schedule);
  if (errors.length > 0) {
    throw new VigilError('VALIDATION_FAILED', { what: `Maintenance schedule ${schedule.id} is invalid: ${errors.join('; ')}.` });
  }
  if (toMs <= fromMs) return [];
  const { first, last } = candidateDays(schedule, fromMs, toMs);
  const time = parseLocalTime(schedule.recurrence.time)!;
  const windows: MaintenanceWindow[] = [];
  for (let day = first; day <= last; day++) {
    const date = dateOfDayNumber(day);
    if (!startsOn(schedule, date)) continue;
    const start = localToUtc(schedule.timeZone, { ...date, ...time });
    const endMs = start.utcMs + schedule.durationMs;
    if (start.utcMs < toMs && endMs > fromMs) {
      windows.push({
        scheduleId: schedule.id,
        startMs: start.utcMs,
        endMs,
        localStart: `${formatDate(date)}T${schedule.recurrence.time}`,
        adjustment: start.adjustment,
      });
    }
  }
  return windows;
}

/** The window of any schedule containing `atMs` (the one ending last), or undefined. */
export function activeMaintenanceWindow(schedules: readonly MaintenanceSchedule[], atMs: number): MaintenanceWindow | undefined {
  let active: MaintenanceWindow | undefined;
  for (const schedule of schedules) {
    for (const window of maintenanceWindows(schedule, atMs, atMs + 1)) {
      if (!active || window.endMs > active.endMs) active = window;
    }
  }
  return active;
}

export function isInMaintenance(schedules: readonly MaintenanceSchedule[], atMs: number): boolean {
  return activeMaintenanceWindow(schedules, atMs) !== undefined;
}

/**
 * Local days on which a window overlapping the range could start: from the local date of
 * (fromMs - duration) minus a day of slack for zone offsets, to the local date of toMs plus
 * one, clipped to the recurrence's own dates.
 */
function candidateDays(schedule: MaintenanceSchedule, fromMs: number, toMs: number): { first: number; last: number } {
  const r = schedule.recurrence;
  let first = dayNumber(utcToLocal(schedule.timeZone, fromMs - schedule.durationMs)) - 1;
  let last = dayNumber(utcToLocal(schedule.timeZone, toMs)) + 1;
  const start = r.kind === 'once' ? r.date : r.fromDate;
  const end = r.kind === 'once' ? r.date : r.untilDate;
  first = Math.max(first, dayNumber(parseLocalDate(start)!));
  if (end !== undefined) last = Math.min(last, dayNumber(parseLocalDate(end)!));
  return { first, last };
}

function startsOn(schedule: MaintenanceSchedule, date: LocalDate & { readonly weekday: number }): boolean {
  const r = schedule.recurrence;
  switch (r.kind) {
    case 'once':
    case 'daily':
      return true;
    case 'weekly':
      return r.daysOfWeek.includes(WEEKDAYS[date.weekday]!);
    case 'monthly':
      return r.dayOfMonth === 'last' ? dateOfDayNumber(dayNumber(date) + 1).day === 1 : date.day === r.dayOfMonth;
  }
}

function formatDate(date: LocalDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
