// Wall-clock time in a named IANA time zone, with Intl.DateTimeFormat as the only source of
// zone rules (no date library, no tz database of our own). Local times are plain fields; an
// instant is epoch ms. Valid for years 1000..9999.

export interface LocalDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
}

export interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
}

/**
 * How a local time became an instant:
 * - `exact`: the local time exists once;
 * - `gap-shifted`: it does not exist (spring forward), so the instant is the next valid local
 *   time, i.e. the transition itself (02:30 on the Berlin spring-forward day becomes 03:00 CEST);
 * - `ambiguous-first`: it exists twice (fall back); the first occurrence (the earlier instant,
 *   still on summer time) is used.
 */
export type LocalTimeAdjustment = 'exact' | 'gap-shifted' | 'ambiguous-first';

export interface ResolvedLocalTime {
  readonly utcMs: number;
  readonly adjustment: LocalTimeAdjustment;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local wall time minus UTC at the instant, in ms (Berlin in summer: +7,200,000). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  // Intl has second resolution; zone transitions fall on whole seconds, so flooring is exact.
  const seconds = Math.floor(utcMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(seconds)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(fields['year']!, fields['month']! - 1, fields['day']!, fields['hour']!, fields['minute']!, fields['second']!);
  return wall - seconds;
}

/** The local date and time at an instant in the zone. */
export function utcToLocal(timeZone: string, utcMs: number): LocalDateTime {
  const wall = new Date(utcMs + zoneOffsetMs(timeZone, utcMs));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
  };
}

/**
 * The instant of a local wall time in the zone, with the DST rule documented on
 * LocalTimeAdjustment. Assumes at most one offset change within a day either side, which
 * holds for every real zone.
 */
export function localToUtc(timeZone: string, local: LocalDateTime): ResolvedLocalTime {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const before = zoneOffsetMs(timeZone, wall - DAY_MS);
  const after = zoneOffsetMs(timeZone, wall + DAY_MS);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((utcMs) => utcMs + zoneOffsetMs(timeZone, utcMs) === wall)
    .sort((a, b) => a - b);
  if (valid.length === 1) return { utcMs: valid[0]!, adjustment: 'exact' };
  if (valid.length > 1) return { utcMs: valid[0]!, adjustment: 'ambiguous-first' };
  return { utcMs: transitionBetween(timeZone, wall - after, wall - before, before), adjustment: 'gap-shifted' };
}

/** The first instant in (lo, hi] whose offset is no longer `offsetBefore` (binary search). */
function transitionBetween(timeZone: string, lo: number, hi: number, offsetBefore: number): number {
  let low = lo;
  let high = hi;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (zoneOffsetMs(timeZone, mid) === offsetBefore) low = mid;
    else high = mid;
  }
  return high;
}

/** Days since 1970-01-01 for a local date; used to step through calendars without a zone. */
export function dayNumber(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY_MS;
}

export function dateOfDayNumber(day: number): LocalDate & { readonly weekday: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** Parses `YYYY-MM-DD` strictly (the date must exist), or undefined. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const back = dateOfDayNumber(dayNumber(date));
  return back.year === date.year && back.month === date.month && back.day === date.day ? date : undefined;
}

/** Parses `HH:MM` (00:00..23:59), or undefined. */
export function parseLocalTime(text: string): { readonly hour: number; readonly minute: number } | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : undefined;
}
