// `vigil group list | create | show | health`: groups through the SDK API.
import type { Command } from 'commander';
import { connect } from '../console/api-connection.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { paint, renderTable } from '../output/table.ts';
import { HEALTH_TONE } from '../output/monitoring-format.ts';
import { objectTable } from './object.command.ts';

export function registerGroupCommands(program: Command): void {
  const group = program.command('group').description('groups of monitoring objects');

  group.command('list').description('groups with their member counts').option('--json', 'print as JSON').action(async (flags: OutputFlags) => {
    const groups = await connect().groups.list();
    emit(flags, groups, () => renderTable(groups, [
      { header: 'NAME', value: (g) => g.displayName },
      { header: 'MEMBERS', value: (g) => String(g.memberCount) },
      { header: 'PACK', value: (g) => g.packName ?? '-' },
      { header: 'ID', value: (g) => g.id },
    ], 'No groups.'));
  });

  group.command('create')
    .description('create a group from members, class rules (--class, derived classes included) and nested groups')
    .argument('<name>', 'display name')
    .option('--member <ids...>', 'object ids')
    .option('--class <classIds...>', 'every object of these classes')
    .option('--include <groupIds...>', 'members of these groups')
    .option('--description <text>')
    .option('--json', 'print the group as JSON')
    .action(async (name: string, flags: OutputFlags & { member?: string[]; class?: string[]; include?: string[]; description?: string }) => {
      const created = await connect().groups.create({
        displayName: name, ...(flags.member ? { members: flags.member } : {}), ...(flags.class ? { dynamic: flags.class.map((c) => ({ class: c })) } : {}),
        ...(flags.include ? { includeGroups: flags.include } : {}), ...(flags.description ? { description: flags.description } : {}),
      });
      emit(flags, created, () => `Group ${created.displayName} created with ${created.memberCount} member(s) (id ${created.id}).\n`);
    });

  group.command('show').description('a group and its members').argument('<id>', 'group id').option('--json', 'print as JSON').action(async (id: string, flags: OutputFlags) => {
    const client = connect();
    const [found, members] = await Promise.all([client.groups.get(id), client.groups.members(id)]);
    emit(flags, { ...found, members }, () => `${paint(found.displayName, 'bold')} (${found.memberCount} members)\n${objectTable(members)}`);
  });

  group.command('health').description("a group's rolled-up health").argument('<id>', 'group id').option('--json', 'print as JSON').action(async (id: string, flags: OutputFlags) => {
    const health = await connect().groups.health(id);
    const state = health.state as keyof typeof HEALTH_TONE;
    emit(flags, health, () => `${paint(health.state, HEALTH_TONE[state] ?? 'plain')} (${String(health.policy.algorithm ?? health.policy.policy ?? 'worst-of')}; ${health.memberCount} members: ` +
      `${Object.entries(health.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ') || 'none'})\n`);
  });
}
