// `vigil gateway list | approve | reject` and `vigil pool create | add-member | remove-member`:
// administration through the SDK API, added to the `gateway` and `pool` commands other files
// create (gateway start, pool list/show).
import type { Command } from 'commander';
import { connect } from '../console/api-connection.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, renderTable } from '../output/table.ts';

function commandNamed(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

export function registerGatewayPoolAdminCommands(program: Command): void {
  const gateway = commandNamed(program, 'gateway', 'run or manage gateways');
  gateway.command('list').description('gateways').option('--pending', 'only gateways waiting for approval').option('--json', 'print as JSON')
    .action(async (flags: OutputFlags & { pending?: boolean }) => {
      const gateways = await connect().gateways.list(flags.pending ? { approval: 'pending' } : {});
      emit(flags, gateways, () => renderTable(gateways, [
        { header: 'NAME', value: (g) => g.name },
        { header: 'HOST', value: (g) => g.hostName },
        { header: 'APPROVAL', value: (g) => ({ text: g.approvalState, tone: g.approvalState === 'approved' ? 'good' : g.approvalState === 'pending' ? 'warn' : 'bad' }) },
        { header: 'LAST SEEN', value: (g) => formatTime(g.lastSeenAtMs) },
      ], 'No gateways.'));
    });
  for (const verb of ['approve', 'reject'] as const) {
    gateway.command(verb).description(`${verb} a gateway${verb === 'approve' ? ' (issues its certificate)' : ''}`).argument('<name>', 'gateway name').option('--json', 'print as JSON')
      .action(async (name: string, flags: OutputFlags) => {
        const decided = await connect().gateways[verb](name);
        emit(flags, decided, () => `${verb === 'approve' ? 'Approved' : 'Rejected'} gateway ${decided.name}.\n`);
      });
  }

  const pool = commandNamed(program, 'pool', 'resource pools');
  pool.command('create').description('create a manual resource pool').argument('<name>', 'pool name').option('--json', 'print as JSON').action(async (name: string, flags: OutputFlags) => {
    const created = await connect().poolAdmin.create(name);
    emit(flags, created, () => `Pool ${name} created.\n`);
  });
  pool.command('add-member').description('add a management server to a pool').argument('<pool>').argument('<server>', 'management server name').option('--json', 'print as JSON')
    .action(async (name: string, server: string, flags: OutputFlags) => {
      await connect().poolAdmin.addMember(name, server);
      emit(flags, { pool: name, added: server }, () => `${server} is a member of ${name}.\n`);
    });
  pool.command('remove-member').description('remove a management server from a pool').argument('<pool>').argument('<server>', 'management server name').option('--json', 'print as JSON')
    .action(async (name: string, server: string, flags: OutputFlags) => {
      await connect().poolAdmin.removeMember(name, server);
      emit(flags, { pool: name, removed: server }, () => `${server} left ${name}.\n`);
    });
}
