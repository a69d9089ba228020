// `vigil server list` and `vigil pool list | show`: the group's management servers and pools.
import type { Command } from 'commander';
import { allItems } from '@vigil/sdk';
import type { ManagementServer, Pool } from '@vigil/protocol';
import { connect } from '../console/api-connection.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, renderTable, type Tone } from '../output/table.ts';

const SERVER_TONE: Readonly<Record<ManagementServer['state'], Tone>> = { running: 'good', unresponsive: 'bad', stopped: 'dim' };

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function poolDetail(pool: Pool): string {
  const members = renderTable(pool.members, [
    { header: 'MEMBER', value: (m) => m.serverName },
    { header: 'LEASE', value: (m) => ({ text: m.live ? 'live' : 'none', tone: m.live ? 'good' : 'warn' }) },
    { header: 'LEASE EXPIRES', value: (m) => formatTime(m.leaseExpiresAtMs) },
    { header: 'ADDED', value: (m) => formatTime(m.addedAtMs) },
  ], '  (no members)');
  return `${pool.name} (${pool.kind}), created ${formatTime(pool.createdAtMs)}\n${members}`;
}

export function registerFleetCommands(program: Command): void {
  const server = program.commands.find((c) => c.name() === 'server') ?? program.command('server').description('run or list management servers');
  server.command('list')
    .description('list the management servers of the group')
    .option('--json', 'print the servers as JSON')
    .action(async (flags: OutputFlags) => {
      const servers = await collect(allItems(connect().servers.list, { limit: 500 }));
      emit(flags, servers, () => renderTable(servers, [
        { header: 'NAME', value: (s) => s.name },
        { header: 'STATE', value: (s) => ({ text: s.state, tone: SERVER_TONE[s.state] }) },
        { header: 'HOST', value: (s) => s.host },
        { header: 'LINK', value: (s) => String(s.linkPort) },
        { header: 'API', value: (s) => String(s.apiPort) },
        { header: 'VERSION', value: (s) => s.version },
        { header: 'LAST SEEN', value: (s) => formatTime(s.lastSeenAtMs) },
      ], 'No management servers.'));
    });

  const pool = program.command('pool').description('resource pools (which management servers share pool work)');
  pool.command('list')
    .description('list resource pools with their member counts')
    .option('--json', 'print the pools as JSON')
    .action(async (flags: OutputFlags) => {
      const pools = await collect(allItems(connect().pools.list, { limit: 500 }));
      emit(flags, pools, () => renderTable(pools, [
        { header: 'NAME', value: (p) => p.name },
        { header: 'KIND', value: (p) => p.kind },
        { header: 'MEMBERS', value: (p) => String(p.members.length) },
        { header: 'LIVE', value: (p) => { const live = p.members.filter((m) => m.live).length; return { text: String(live), tone: live > 0 ? 'good' : 'warn' }; } },
      ], 'No pools.'));
    });
  pool.command('show')
    .description('show one pool and the lease of each member')
    .argument('<name>', 'pool name, e.g. "All Management Servers"')
    .option('--json', 'print the pool as JSON')
    .action(async (name: string, flags: OutputFlags) => {
      const found = await connect().pools.get(name);
      emit(flags, found, () => poolDetail(found));
    });
}
