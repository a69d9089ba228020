// `vigil maintenance start | stop | list | reasons | schedule …`: maintenance mode through the SDK API.
import type { Command } from 'commander';
import { VigilError } from '@vigil/core';
import type { MaintenanceRecurrenceBody, MaintenanceWindowView } from '@vigil/protocol';
import { connect } from '../console/api-connection.ts';
import { parseDurationMs } from '../console/durations.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, renderTable } from '../output/table.ts';

function windowTable(windows: readonly MaintenanceWindowView[]): string {
  return renderTable(windows, [
    { header: 'OBJECT', value: (w) => w.objectDisplayName ?? w.objectId },
    { header: 'STARTED', value: (w) => formatTime(w.startsAtMs) },
    { header: 'ENDS', value: (w) => formatTime(w.endsAtMs) },
    { header: 'ENDED', value: (w) => formatTime(w.endedAtMs) },
    { header: 'REASON', value: (w) => `${w.reason}${w.planned ? ' (planned)' : ''}` },
    { header: 'BY', value: (w) => w.startedBy },
    { header: 'COMMENT', value: (w) => w.comment || '-' },
    { header: 'WINDOW', value: (w) => w.id },
  ], 'No maintenance windows.');
}

export function registerMaintenanceCommands(program: Command): void {
  const maintenance = program.command('maintenance').description('maintenance mode: suspend monitoring and alerts for objects');

  maintenance.command('reasons').description('the reasons (and planned flags) maintenance accepts').option('--json', 'print as JSON').action(async (flags: OutputFlags) => {
    const reasons = await connect().maintenance.reasons();
    emit(flags, reasons, () => renderTable(reasons, [
      { header: 'REASON', value: (r) => r.reason },
      { header: 'PLANNED', value: (r) => (r.planned ? 'planned (--planned)' : 'unplanned') },
      { header: 'LABEL', value: (r) => r.displayName },
    ], 'No reasons.'));
  });

  maintenance.command('start')
    .description('put an object (and what it hosts) into maintenance at once')
    .argument('<object>', 'object id or key')
    .option('--duration <duration>', 'how long, e.g. 30m, 4h, 2d (5 minutes .. 2 years)')
    .option('--until <time>', 'end time (ISO 8601), instead of --duration')
    .option('--reason <reason>', 'a reason code (`vigil maintenance reasons` lists them)', 'other')
    .option('--planned', 'planned maintenance (default unplanned)')
    .option('--comment <text>', 'comment')
    .option('--no-recursive', 'only the object itself, not what it hosts or contains')
    .option('--json', 'print the window as JSON')
    .action(async (object: string, flags: OutputFlags & { duration?: string; until?: string; reason: string; planned?: boolean; comment?: string; recursive: boolean }) => {
      let endMs: number;
      if (flags.until) {
        endMs = Date.parse(flags.until);
        if (Number.isNaN(endMs)) throw new VigilError('VALIDATION_FAILED', { what: `--until must be a time such as 2030-01-31T18:00, got "${flags.until}".` });
      } else if (flags.duration) {
        endMs = Date.now() + parseDurationMs(flags.duration, '--duration');
      } else {
        throw new VigilError('VALIDATION_FAILED', { what: 'Give --duration or --until.' });
      }
      const started = await connect().maintenance.start({ objectId: object, endMs, reason: flags.reason, planned: flags.planned === true, recursive: flags.recursive, ...(flags.comment ? { comment: flags.comment } : {}) });
      emit(flags, started, () => `${started.window.objectDisplayName ?? object} is in maintenance until ${formatTime(started.window.endsAtMs)} (${started.coveredObjectIds.length} object(s) covered).\n`);
    });

  maintenance.command('stop')
    .description("end an object's maintenance now (or one window with --window)")
    .argument('[object]', 'object id or key')
    .option('--window <id>', 'one maintenance window')
    .option('--json', 'print the ended windows as JSON')
    .action(async (object: string | undefined, flags: OutputFlags & { window?: string }) => {
      if (!object && !flags.window) throw new VigilError('VALIDATION_FAILED', { what: 'Name an object or give --window.' });
      const stopped = await connect().maintenance.stop(flags.window ? { windowId: flags.window } : { objectId: object! });
      emit(flags, stopped, () => `Ended ${stopped.length} maintenance window(s).\n`);
    });

  maintenance.command('list')
    .description('active maintenance windows (--history OBJECT: its past windows too)')
    .option('--history <object>', 'history of this object')
    .option('--json', 'print the windows as JSON')
    .action(async (flags: OutputFlags & { history?: string }) => {
      const windows = await connect().maintenance.list(flags.history ? { objectId: flags.history, history: true } : {});
      emit(flags, windows, () => windowTable(windows));
    });

  const schedule = maintenance.command('schedule').description('recurring maintenance schedules');
  schedule.command('list').description('maintenance schedules').option('--json', 'print as JSON').action(async (flags: OutputFlags) => {
    const schedules = await connect().maintenance.schedules();
    emit(flags, schedules, () => renderTable(schedules, [
      { header: 'NAME', value: (s) => s.name },
      { header: 'OBJECT', value: (s) => s.objectId },
      { header: 'WHEN', value: (s) => `${String(s.recurrence.kind)} ${String(s.recurrence.time ?? '')} ${s.timeZone}` },
      { header: 'DURATION', value: (s) => `${Math.round(s.durationMs / 60_000)}m` },
      { header: 'ENABLED', value: (s) => ({ text: s.enabled ? 'yes' : 'no', tone: s.enabled ? 'good' : 'dim' }) },
      { header: 'ID', value: (s) => s.id },
    ], 'No schedules.'));
  });
  schedule.command('create')
    .description('create a schedule: --daily 02:00 | --weekly mon,thu@02:00 | --monthly 1@02:00 | --once 2030-01-31@02:00')
    .argument('<name>', 'schedule name').argument('<object>', 'object id or key')
    .option('--daily <time>').option('--weekly <days@time>').option('--monthly <day@time>').option('--once <date@time>')
    .requiredOption('--duration <duration>', 'window length, e.g. 2h')
    .option('--time-zone <zone>', 'IANA time zone', Intl.DateTimeFormat().resolvedOptions().timeZone)
    .option('--reason <reason>', 'maintenance reason', 'other').option('--planned', 'planned windows (default true)', true).option('--comment <text>').option('--no-recursive')
    .option('--json', 'print the schedule as JSON')
    .action(async (name: string, object: string, flags: OutputFlags & Record<string, string | boolean | undefined>) => {
      const today = new Date().toISOString().slice(0, 10);
      const at = (text: string) => text.split('@');
      // Built from the flags as given; the server checks days, dates and times and names the one at fault.
      let recurrence: Record<string, unknown>;
      if (typeof flags.daily === 'string') recurrence = { kind: 'daily', time: flags.daily, fromDate: today };
      else if (typeof flags.weekly === 'string') recurrence = { kind: 'weekly', daysOfWeek: at(flags.weekly)[0]!.split(','), time: at(flags.weekly)[1], fromDate: today };
      else if (typeof flags.monthly === 'string') recurrence = { kind: 'monthly', dayOfMonth: at(flags.monthly)[0] === 'last' ? 'last' : Number(at(flags.monthly)[0]), time: at(flags.monthly)[1], fromDate: today };
      else if (typeof flags.once === 'string') recurrence = { kind: 'once', date: at(flags.once)[0], time: at(flags.once)[1] };
      else throw new VigilError('VALIDATION_FAILED', { what: 'Give one of --daily, --weekly, --monthly, --once.' });
      const created = await connect().maintenance.createSchedule({
        name, objectId: object, recursive: flags.recursive !== false, timeZone: String(flags.timeZone), recurrence: recurrence as MaintenanceRecurrenceBody, durationMs: parseDurationMs(String(flags.duration), '--duration'),
        reason: String(flags.reason), planned: flags.planned !== false, ...(typeof flags.comment === 'string' ? { comment: flags.comment } : {}),
      });
      emit(flags, created, () => `Schedule ${created.name} created (id ${created.id}).\n`);
    });
  schedule.command('delete').description('delete a schedule').argument('<id>', 'schedule id').option('--json', 'print as JSON').action(async (id: string, flags: OutputFlags) => {
    await connect().maintenance.deleteSchedule(id);
    emit(flags, { deleted: id }, () => `Schedule ${id} deleted.\n`);
  });
}
