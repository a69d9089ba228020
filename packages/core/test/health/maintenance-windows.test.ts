import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  activeMaintenanceWindow,
  isInMaintenance,
  isVigilError,
  localToUtc,
  maintenanceWindows,
  validateMaintenanceDuration,
  validateMaintenanceSchedule,
  type MaintenanceRecurrence,
  type MaintenanceSchedule,
} from '@vigil/core';

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const schedule = (timeZone: string, recurrence: MaintenanceRecurrence, durationMs = HOUR): MaintenanceSchedule => ({
  id: 's1',
  timeZone,
  recurrence,
  durationMs,
  planned: true,
  reason: 'application-maintenance',
});

const dst: { name: string; zone: string; time: string; date: string; start: string; adjustment: string }[] = [
  // Berlin springs forward 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 does not exist, next valid local time is 03:00 CEST.
  { name: 'Berlin spring-forward 02:30 shifts to 03:00 CEST', zone: 'Europe/Berlin', date: '2026-03-29', time: '02:30', start: '2026-03-29T01:00:00.000Z', adjustment: 'gap-shifted' },
  { name: 'Berlin day before spring-forward', zone: 'Europe/Berlin', date: '2026-03-28', time: '02:30', start: '2026-03-28T01:30:00.000Z', adjustment: 'exact' },
  { name: 'Berlin day after spring-forward', zone: 'Europe/Berlin', date: '2026-03-30', time: '02:30', start: '2026-03-30T00:30:00.000Z', adjustment: 'exact' },
  // Berlin falls back 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens twice, the first (CEST) is used.
  { name: 'Berlin fall-back 02:30 first occurrence (CEST)', zone: 'Europe/Berlin', date: '2026-10-25', time: '02:30', start: '2026-10-25T00:30:00.000Z', adjustment: 'ambiguous-first' },
  { name: 'Berlin fall-back 03:30 is unambiguous CET', zone: 'Europe/Berlin', date: '2026-10-25', time: '03:30', start: '2026-10-25T02:30:00.000Z', adjustment: 'exact' },
  // New York springs forward 2026-03-08 02:00 EST -> 03:00 EDT.
  { name: 'New York spring-forward 02:30 shifts to 03:00 EDT', zone: 'America/New_York', date: '2026-03-08', time: '02:30', start: '2026-03-08T07:00:00.000Z', adjustment: 'gap-shifted' },
  { name: 'New York spring-forward 01:59 is still EST', zone: 'America/New_York', date: '2026-03-08', time: '01:59', start: '2026-03-08T06:59:00.000Z', adjustment: 'exact' },
  // New York falls back 2026-11-01 02:00 EDT -> 01:00 EST: 01:30 happens twice.
  { name: 'New York fall-back 01:30 first occurrence (EDT)', zone: 'America/New_York', date: '2026-11-01', time: '01:30', start: '2026-11-01T05:30:00.000Z', adjustment: 'ambiguous-first' },
  { name: 'New York fall-back 02:30 is EST', zone: 'America/New_York', date: '2026-11-01', time: '02:30', start: '2026-11-01T07:30:00.000Z', adjustment: 'exact' },
];

for (const c of dst) {
  test(`DST: ${c.name}`, () => {
    const s = schedule(c.zone, { kind: 'daily', time: c.time, fromDate: '2026-01-01' });
    const day = Date.parse(`${c.date}T00:00:00Z`);
    const windows = maintenanceWindows(s, day - 12 * HOUR, day + 36 * HOUR).filter((w) => w.localStart.startsWith(c.date));
    assert.equal(windows.length, 1);
    assert.equal(iso(windows[0]!.startMs), c.start);
    assert.equal(windows[0]!.adjustment, c.adjustment);
    assert.equal(windows[0]!.endMs - windows[0]!.startMs, HOUR, 'duration is elapsed time');
  });
}

test('a daily Berlin window keeps 02:30 local time across spring-forward (one window per day)', () => {
  const s = schedule('Europe/Berlin', { kind: 'daily', time: '02:30', fromDate: '2026-03-27' });
  const windows = maintenanceWindows(s, Date.parse('2026-03-27T00:00:00Z'), Date.parse('2026-03-31T00:00:00Z'));
  assert.deepEqual(
    windows.map((w) => [w.localStart, iso(w.startMs)]),
    [
      ['2026-03-27T02:30', '2026-03-27T01:30:00.000Z'],
      ['2026-03-28T02:30', '2026-03-28T01:30:00.000Z'],
      ['2026-03-29T02:30', '2026-03-29T01:00:00.000Z'],
      ['2026-03-30T02:30', '2026-03-30T00:30:00.000Z'],
    ],
  );
});

test('isInMaintenance at the edges of a window on the New York fall-back day', () => {
  const s = schedule('America/New_York', { kind: 'daily', time: '01:30', fromDate: '2026-10-01' }, 60 * 60_000);
  const start = Date.parse('2026-11-01T05:30:00Z');
  assert.equal(isInMaintenance([s], start - 1), false);
  assert.equal(isInMaintenance([s], start), true);
  assert.equal(isInMaintenance([s], start + HOUR - 1), true);
  // the second 01:30 (EST) is not a second window
  assert.equal(isInMaintenance([s], start + HOUR), false);
  assert.equal(isInMaintenance([s], start + HOUR + 30 * 60_000), false);
});

const recurrences: { name: string; recurrence: MaintenanceRecurrence; from: string; to: string; starts: string[] }[] = [
  { name: 'once', recurrence: { kind: 'once', date: '2026-05-01', time: '22:00' }, from: '2026-04-01', to: '2026-06-01', starts: ['2026-05-01T22:00'] },
  {
    name: 'weekly on Saturday and Sunday',
    recurrence: { kind: 'weekly', time: '23:00', fromDate: '2026-01-01', daysOfWeek: ['saturday', 'sunday'] },
    // Sat 2026-02-28 23:00 CET + 2 h ends exactly at 2026-03-01T00:00Z, where the range starts: ends are exclusive.
    from: '2026-03-01',
    to: '2026-03-10',
    starts: ['2026-03-01T23:00', '2026-03-07T23:00', '2026-03-08T23:00'],
  },
  {
    name: 'monthly on the 31st skips short months',
    recurrence: { kind: 'monthly', time: '01:00', fromDate: '2026-01-01', dayOfMonth: 31 },
    from: '2026-01-01',
    to: '2026-06-01',
    starts: ['2026-01-31T01:00', '2026-03-31T01:00', '2026-05-31T01:00'],
  },
  {
    name: 'monthly on the last day (leap February)',
    recurrence: { kind: 'monthly', time: '01:00', fromDate: '2028-01-01', dayOfMonth: 'last' },
    from: '2028-01-15',
    to: '2028-04-15',
    starts: ['2028-01-31T01:00', '2028-02-29T01:00', '2028-03-31T01:00'],
  },
  {
    name: 'daily within fromDate..untilDate only',
    recurrence: { kind: 'daily', time: '12:00', fromDate: '2026-02-02', untilDate: '2026-02-03' },
    from: '2026-01-01',
    to: '2026-03-01',
    starts: ['2026-02-02T12:00', '2026-02-03T12:00'],
  },
];

for (const c of recurrences) {
  test(`recurrence: ${c.name}`, () => {
    const s = schedule('Europe/Berlin', c.recurrence, 2 * HOUR);
    const windows = maintenanceWindows(s, Date.parse(`${c.from}T00:00:00Z`), Date.parse(`${c.to}T00:00:00Z`));
    assert.deepEqual(windows.map((w) => w.localStart), c.starts);
  });
}

test('a window that began before the range still overlaps it', () => {
  const s = schedule('UTC', { kind: 'daily', time: '23:00', fromDate: '2026-01-01' }, 3 * HOUR);
  const windows = maintenanceWindows(s, Date.parse('2026-01-10T01:00:00Z'), Date.parse('2026-01-10T02:00:00Z'));
  assert.deepEqual(windows.map((w) => w.localStart), ['2026-01-09T23:00']);
  const active = activeMaintenanceWindow([s], Date.parse('2026-01-10T01:30:00Z'));
  assert.equal(active && iso(active.endMs), '2026-01-10T02:00:00.000Z');
});

test('schedule validation: zone, times, dates, duration 5 min..2 years', () => {
  assert.deepEqual(validateMaintenanceSchedule(schedule('Europe/Berlin', { kind: 'daily', time: '02:30', fromDate: '2026-01-01' })), []);
  const bad = validateMaintenanceSchedule({
    ...schedule('Mars/Olympus', { kind: 'weekly', time: '24:00', fromDate: '2026-02-30', daysOfWeek: [] }),
    durationMs: 60_000,
  });
  assert.equal(bad.length, 5, bad.join(' | '));
  assert.deepEqual(validateMaintenanceDuration(5 * 60_000), []);
  assert.deepEqual(validateMaintenanceDuration(730 * 86_400_000), []);
  assert.equal(validateMaintenanceDuration(730 * 86_400_000 + 1).length, 1);
  assert.throws(
    () => maintenanceWindows({ ...schedule('UTC', { kind: 'once', date: '2026-01-01', time: '00:00' }), durationMs: 0 }, 0, 1),
    (e) => isVigilError(e, 'VALIDATION_FAILED') && /5 minutes to 2 years/.test(e.message),
  );
});

test('localToUtc in a 30-minute DST zone (Lord Howe) shifts to the transition', () => {
  const r = localToUtc('Australia/Lord_Howe', { year: 2026, month: 10, day: 4, hour: 2, minute: 15 });
  assert.equal(r.adjustment, 'gap-shifted');
  assert.equal(iso(r.utcMs), '2026-10-03T15:30:00.000Z');
});
