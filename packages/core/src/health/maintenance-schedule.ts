// Maintenance schedules: when an object is put into maintenance mode on its own. Times are
// wall-clock times in the schedule's IANA zone ("02:30 in Europe/Berlin" stays 02:30 local
// across DST); the duration is elapsed time (a 60-minute window lasts 60 real minutes even
// when the clocks change inside it). DST: see LocalTimeAdjustment in zoned-time.ts.
import { isValidTimeZone, parseLocalDate, parseLocalTime } from './zoned-time.ts';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** SCOM's limits for one maintenance period: 5 minutes to 2 years (counted as 730 days). */
export const MIN_MAINTENANCE_DURATION_MS = 5 * 60_000;
export const MAX_MAINTENANCE_DURATION_MS = 730 * 86_400_000;

/** Dates are `YYYY-MM-DD`, times `HH:MM`, both local to the schedule's zone. */
interface RecurringBase {
  readonly time: string;
  /** First local date the schedule may start a window on. */
  readonly fromDate: string;
  /** Last local date (inclusive) it may start one on; open-ended when absent. */
  readonly untilDate?: string;
}

export type MaintenanceRecurrence =
  | { readonly kind: 'once'; readonly date: string; readonly time: string }
  | (RecurringBase & { readonly kind: 'daily' })
  | (RecurringBase & { readonly kind: 'weekly'; readonly daysOfWeek: readonly Weekday[] })
  /** A dayOfMonth the month lacks (31 in April) starts no window that month; use 'last' for month ends. */
  | (RecurringBase & { readonly kind: 'monthly'; readonly dayOfMonth: number | 'last' });

export type MaintenanceReason =
  | 'other'
  | 'hardware-maintenance'
  | 'hardware-installation'
  | 'operating-system-reconfiguration'
  | 'application-maintenance'
  | 'application-installation'
  | 'security-issue'
  | 'loss-of-network-connectivity';

export interface MaintenanceSchedule {
  readonly id: string;
  readonly timeZone: string;
  readonly recurrence: MaintenanceRecurrence;
  readonly durationMs: number;
  readonly planned: boolean;
  readonly reason: MaintenanceReason;
  readonly comment?: string;
}

/** Problems with a schedule as sentences naming the field; empty means valid. */
export function validateMaintenanceSchedule(schedule: MaintenanceSchedule): string[] {
  const errors: string[] = [];
  if (!isValidTimeZone(schedule.timeZone)) errors.push(`timeZone "${schedule.timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  errors.push(...validateMaintenanceDuration(schedule.durationMs));
  const r = schedule.recurrence;
  if (!parseLocalTime(r.time)) errors.push(`time "${r.time}" must be HH:MM from 00:00 to 23:59`);
  if (r.kind === 'once') {
    if (!parseLocalDate(r.date)) errors.push(`date "${r.date}" must be an existing date as YYYY-MM-DD`);
    return errors;
  }
  const from = parseLocalDate(r.fromDate);
  if (!from) errors.push(`fromDate "${r.fromDate}" must be an existing date as YYYY-MM-DD`);
  if (r.untilDate !== undefined) {
    if (!parseLocalDate(r.untilDate)) errors.push(`untilDate "${r.untilDate}" must be an existing date as YYYY-MM-DD`);
    else if (from && r.untilDate < r.fromDate) errors.push(`untilDate ${r.untilDate} is before fromDate ${r.fromDate}`);
  }
  if (r.kind === 'weekly') {
    if (r.daysOfWeek.length === 0) errors.push('daysOfWeek must name at least one day');
    for (const day of r.daysOfWeek) if (!WEEKDAYS.includes(day)) errors.push(`"${day}" is not a day of the week (${WEEKDAYS.join(', ')})`);
  }
  if (r.kind === 'monthly' && r.dayOfMonth !== 'last' && !(Number.isInteger(r.dayOfMonth) && r.dayOfMonth >= 1 && r.dayOfMonth <= 31)) {
    errors.push(`dayOfMonth must be 1..31 or "last", got ${String(r.dayOfMonth)}`);
  }
  return errors;
}

/** Problems with a maintenance duration (scheduled or ad hoc); empty means within 5 min..2 years. */
export function validateMaintenanceDuration(durationMs: number): string[] {
  if (Number.isFinite(durationMs) && durationMs >= MIN_MAINTENANCE_DURATION_MS && durationMs <= MAX_MAINTENANCE_DURATION_MS) return [];
  return [`maintenance duration must be from 5 minutes to 2 years (730 days), got ${durationMs} ms`];
}
