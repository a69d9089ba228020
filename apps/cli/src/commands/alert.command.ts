// `vigil alert list | show | ack | set-state | assign | close`: the alert view and alert work
// through the SDK API. Several ids go through the bulk endpoint in chunks with a progress bar.
import type { Command } from 'commander';
import { VigilError } from '@vigil/core';
import type { AlertListQuery, AlertUpdate, AlertView } from '@vigil/protocol';
import type { VigilClient } from '@vigil/sdk';
import { connect } from '../console/api-connection.ts';
import { parseDurationMs } from '../console/durations.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { withProgress } from '../output/progress.ts';
import { formatTime, renderTable } from '../output/table.ts';
import { EXIT } from '../output/failure.ts';
import { SEVERITY_TONE } from '../output/monitoring-format.ts';

const BULK_CHUNK = 100;

export function alertTable(alerts: readonly AlertView[]): string {
  return renderTable(alerts, [
    { header: 'ID', value: (a) => a.id },
    { header: 'SEVERITY', value: (a) => ({ text: a.severity, tone: SEVERITY_TONE[a.severity] }) },
    { header: 'PRIORITY', value: (a) => a.priority },
    { header: 'STATE', value: (a) => ({ text: a.resolutionStateName, tone: a.open ? 'plain' : 'dim' }) },
    { header: 'NAME', value: (a) => a.name },
    { header: 'OBJECT', value: (a) => a.objectDisplayName ?? '-' },
    { header: 'RAISED', value: (a) => formatTime(a.raisedAtMs) },
    { header: 'REPEATS', value: (a) => String(a.repeatCount) },
    { header: 'OWNER', value: (a) => a.owner ?? '-' },
  ], 'No alerts.');
}

/** Applies `update` to every id: one PATCH for one id, bulk requests in chunks otherwise. */
async function applyUpdate(client: VigilClient, ids: readonly string[], update: AlertUpdate, flags: OutputFlags, verb: string): Promise<void> {
  if (ids.length === 0) throw new VigilError('VALIDATION_FAILED', { what: 'Name at least one alert id.' });
  if (ids.length === 1) {
    const alert = await client.alerts.update(ids[0]!, update);
    emit(flags, alert, () => `${verb} alert ${alert.id} (${alert.name}): ${alert.resolutionStateName}${alert.owner ? `, owner ${alert.owner}` : ''}.\n`);
    return;
  }
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += BULK_CHUNK) chunks.push(ids.slice(i, i + BULK_CHUNK));
  const outcomes = await withProgress(`${verb} alerts`, chunks, (chunk) => client.alerts.bulk({ ids: chunk, update }));
  const results = outcomes.flatMap((o, i) => o.result?.results ?? chunks[i]!.map((id) => ({ id, ok: false, error: { code: 'REQUEST_FAILED', message: (o.error as Error).message } })));
  const failed = results.filter((r) => !r.ok);
  emit(flags, { results, updated: results.length - failed.length, failed: failed.length }, () =>
    `${verb} ${results.length - failed.length} of ${results.length} alerts.\n${failed.map((f) => `  ${f.id}: ${f.error?.message ?? 'failed'}\n`).join('')}`);
  if (failed.length > 0) process.exitCode = EXIT.conflict;
}

function listQuery(flags: Record<string, string | boolean | undefined>): AlertListQuery {
  const since = typeof flags.since === 'string' ? Date.now() - parseDurationMs(flags.since, '--since') : undefined;
  const state = flags.all ? 'all' : flags.closed ? 'closed' : typeof flags.state === 'string' ? flags.state : 'open';
  return {
    state, limit: Number(flags.limit ?? 100),
    ...(typeof flags.severity === 'string' ? { severity: flags.severity } : {}),
    ...(typeof flags.priority === 'string' ? { priority: flags.priority } : {}),
    ...(typeof flags.object === 'string' ? { objectId: flags.object } : {}),
    ...(typeof flags.class === 'string' ? { classId: flags.class } : {}),
    ...(typeof flags.group === 'string' ? { groupId: flags.group } : {}),
    ...(typeof flags.search === 'string' ? { q: flags.search } : {}),
    ...(typeof flags.sort === 'string' ? { sort: flags.sort as AlertListQuery['sort'] } : {}),
    ...(since !== undefined ? { sinceMs: since } : {}),
  };
}

export function registerAlertCommands(program: Command): void {
  const alert = program.command('alert').description('alerts: list, show, acknowledge, set state, assign, close');

  alert.command('list')
    .description('the alert view (open alerts, newest first, in your scope)')
    .option('--severity <list>', 'critical,warning,information')
    .option('--priority <list>', 'high,medium,low')
    .option('--state <states>', 'open (default), closed, all, or resolution states such as 0,249')
    .option('--closed', 'resolved and closed alerts')
    .option('--all', 'open and closed alerts')
    .option('--object <id>', 'alerts on this object id')
    .option('--class <classId>', 'alerts on objects of this class (or derived)')
    .option('--group <groupId>', 'alerts on members of this group')
    .option('--since <duration>', 'raised within, e.g. 1h, 7d')
    .option('--search <text>', 'name, description or object contains this text')
    .option('--sort <key>', 'raisedAtMs, -severity, priority, name ... (- = descending)')
    .option('--limit <n>', 'at most this many (max 500)', '100')
    .option('--json', 'print the page as JSON')
    .action(async (flags: OutputFlags & Record<string, string | boolean | undefined>) => {
      const page = await connect().alerts.list(listQuery(flags));
      emit(flags, page, () => alertTable(page.items) + (page.nextOffset !== null ? `(${page.items.length} of ${page.totalExact ? '' : 'more than '}${page.total}; narrow with filters or --limit)\n` : ''));
    });

  alert.command('show')
    .description('one alert with its history and the context that raised it')
    .argument('<id>', 'alert id')
    .option('--json', 'print the alert as JSON')
    .action(async (id: string, flags: OutputFlags) => {
      const a = await connect().alerts.get(id);
      emit(flags, a, () => alertTable([a]) + `\nDescription: ${a.description || '-'}\nSource: ${a.sourceKind} ${a.sourceId}${a.monitorState ? ` (monitor now ${a.monitorState})` : ''}\nTicket: ${a.ticketId ?? '-'}\nContext: ${JSON.stringify(a.context)}\n\nHistory:\n` +
        a.history.map((h) => `  ${formatTime(h.atMs)}  ${h.by.padEnd(12)} ${h.kind}${h.from !== null ? ` ${h.from} ->` : ''} ${h.to ?? ''}${h.comment ? `  "${h.comment}"` : ''}\n`).join(''));
    });

  const withComment = (cmd: Command): Command => cmd.option('--comment <text>', 'comment for the alert history').option('--json', 'print the result as JSON');
  const comment = (flags: { comment?: string }) => (flags.comment ? { comment: flags.comment } : {});

  withComment(alert.command('ack').description('acknowledge alerts (resolution state 249)').argument('<ids...>', 'alert ids'))
    .action(async (ids: string[], flags: OutputFlags & { comment?: string }) => applyUpdate(connect(), ids, { resolutionState: 249, ...comment(flags) }, flags, 'Acknowledged'));

  withComment(alert.command('set-state').description('set the resolution state (0 New, 1..246 custom, 247..250, 254 Resolved, 255 Closed)').argument('<state>', 'resolution state number').argument('<ids...>', 'alert ids'))
    .action(async (state: string, ids: string[], flags: OutputFlags & { comment?: string }) => {
      if (!/^\d{1,3}$/.test(state)) throw new VigilError('VALIDATION_FAILED', { what: `The state must be a number 0..255, got "${state}".` });
      await applyUpdate(connect(), ids, { resolutionState: Number(state), ...comment(flags) }, flags, 'Updated');
    });

  withComment(alert.command('assign').description('set the owner of alerts (--ticket to record a ticket id)').argument('<owner>', 'owner, or - to unassign').argument('<ids...>', 'alert ids'))
    .option('--ticket <id>', 'ticket id')
    .action(async (owner: string, ids: string[], flags: OutputFlags & { comment?: string; ticket?: string }) =>
      applyUpdate(connect(), ids, { owner: owner === '-' ? null : owner, ...(flags.ticket ? { ticketId: flags.ticket } : {}), ...comment(flags) }, flags, 'Assigned'));

  withComment(alert.command('close').description('close alerts (255); monitor alerts close only once the monitor is healthy').argument('<ids...>', 'alert ids'))
    .action(async (ids: string[], flags: OutputFlags & { comment?: string }) => applyUpdate(connect(), ids, { resolutionState: 255, ...comment(flags) }, flags, 'Closed'));
}
