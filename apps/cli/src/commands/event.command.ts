// `vigil event list`: the event view through the SDK API.
import type { Command } from 'commander';
import type { EventListQuery } from '@vigil/protocol';
import { connect } from '../console/api-connection.ts';
import { parseDurationMs } from '../console/durations.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, renderTable } from '../output/table.ts';

export function registerEventCommands(program: Command): void {
  const event = program.command('event').description('events collected by event rules');
  event.command('list')
    .description('events, newest first (in your scope)')
    .option('--object <id>', 'events of this object id')
    .option('--level <list>', 'levels, e.g. error,warning')
    .option('--event-id <id>', 'this event id')
    .option('--since <duration>', 'within, e.g. 1h')
    .option('--search <text>', 'message contains this text')
    .option('--limit <n>', 'at most this many (max 500)', '100')
    .option('--json', 'print the page as JSON')
    .action(async (flags: OutputFlags & { object?: string; level?: string; eventId?: string; since?: string; search?: string; limit: string }) => {
      const query: EventListQuery = {
        limit: Number(flags.limit),
        ...(flags.object ? { objectId: flags.object } : {}), ...(flags.level ? { level: flags.level } : {}), ...(flags.eventId ? { eventId: flags.eventId } : {}),
        ...(flags.since ? { sinceMs: Date.now() - parseDurationMs(flags.since, '--since') } : {}), ...(flags.search ? { q: flags.search } : {}),
      };
      const page = await connect().events.list(query);
      emit(flags, page, () => renderTable(page.items, [
        { header: 'TIME', value: (e) => formatTime(e.atMs) },
        { header: 'LEVEL', value: (e) => ({ text: e.level, tone: e.level === 'error' || e.level === 'critical' ? 'bad' : e.level === 'warning' ? 'warn' : 'plain' }) },
        { header: 'EVENT', value: (e) => e.eventId },
        { header: 'OBJECT', value: (e) => e.objectDisplayName ?? e.objectKey },
        { header: 'MESSAGE', value: (e) => e.message.replace(/\s+/g, ' ').slice(0, 100) },
      ], 'No events.'));
    });
}
