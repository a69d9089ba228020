// `vigil state` (the computers state view) and `vigil object list | show`: objects with their
// health through the SDK API; `show` prints properties, monitors and the health tree.
import type { Command } from 'commander';
import { COMPUTER_CLASS_ID, type HealthTreeNode, type MonitoringObjectView, type ObjectDetail, type ObjectListQuery } from '@vigil/protocol';
import { connect } from '../console/api-connection.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, paint, renderTable } from '../output/table.ts';
import { HEALTH_TONE } from '../output/monitoring-format.ts';

export function objectTable(objects: readonly MonitoringObjectView[]): string {
  return renderTable(objects, [
    { header: 'STATE', value: (o) => ({ text: o.displayState, tone: HEALTH_TONE[o.displayState] }) },
    { header: 'NAME', value: (o) => o.displayName },
    { header: 'CLASS', value: (o) => o.classDisplayName },
    { header: 'KEY', value: (o) => o.objectKey },
    { header: 'SINCE', value: (o) => formatTime(o.healthChangedAtMs) },
    { header: 'ID', value: (o) => o.id },
  ], 'No objects.');
}

function healthTree(nodes: readonly HealthTreeNode[]): string {
  const lines: string[] = [];
  const walk = (parentId: string | null, depth: number): void => {
    for (const node of nodes.filter((n) => n.parentId === parentId)) {
      lines.push(`${'  '.repeat(depth)}${paint(node.state.padEnd(8), HEALTH_TONE[node.state])} ${node.displayName}${node.kind === 'unit' ? '' : ` (${node.kind})`}`);
      walk(node.monitorId, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join('\n') + '\n';
}

function detail(o: ObjectDetail): string {
  const props = Object.entries(o.properties).map(([k, v]) => `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
  return objectTable([o]) + `\nHost: ${o.host?.displayName ?? '-'}   Groups: ${o.groups.map((g) => g.displayName).join(', ') || '-'}   Open alerts: ${o.openAlerts}\nProperties:\n${props || '  -'}\n\nHealth:\n${healthTree(o.healthTree)}` +
    (o.monitors.some((m) => Object.keys(m.context).length > 0) ? `\nLast changes:\n${o.monitors.filter((m) => Object.keys(m.context).length > 0).map((m) => `  ${m.displayName}: ${m.state} at ${formatTime(m.changedAtMs)} ${JSON.stringify(m.context)}`).join('\n')}\n` : '');
}

interface ListFlags extends OutputFlags { class?: string; health?: string; maintenance?: boolean; group?: string; search?: string; sort?: string; limit: string }

function query(flags: ListFlags, classId?: string): ObjectListQuery {
  return {
    limit: Number(flags.limit),
    ...(classId ?? flags.class ? { classId: classId ?? flags.class } : {}),
    ...(flags.health ? { health: flags.health } : {}),
    ...(flags.maintenance ? { maintenance: true } : {}),
    ...(flags.group ? { groupId: flags.group } : {}),
    ...(flags.search ? { q: flags.search } : {}),
    ...(flags.sort ? { sort: flags.sort as ObjectListQuery['sort'] } : {}),
  };
}

function listOptions(cmd: Command): Command {
  return cmd
    .option('--health <list>', 'healthy,warning,critical,unknown')
    .option('--maintenance', 'only objects in maintenance')
    .option('--group <groupId>', 'only members of this group')
    .option('--search <text>', 'name or key contains this text')
    .option('--sort <key>', 'displayName, -healthState, healthChangedAtMs ...')
    .option('--limit <n>', 'at most this many (max 500)', '100')
    .option('--json', 'print the page as JSON');
}

export function registerObjectCommands(program: Command): void {
  listOptions(program.command('state').description('the computers state view (worst first)').option('--class <classId>', 'another class (derived classes included)', COMPUTER_CLASS_ID))
    .action(async (flags: ListFlags) => {
      const page = await connect().objects.list({ sort: '-healthState', ...query(flags, flags.class) });
      emit(flags, page, () => objectTable(page.items));
    });

  const object = program.command('object').description('monitoring objects and their health');
  listOptions(object.command('list').description('objects with their health (in your scope)').option('--class <classId>', 'objects of this class or a derived one'))
    .action(async (flags: ListFlags) => {
      const page = await connect().objects.list(query(flags));
      emit(flags, page, () => objectTable(page.items) + (page.nextOffset !== null ? `(${page.items.length} of ${page.totalExact ? '' : 'more than '}${page.total})\n` : ''));
    });

  object.command('show')
    .description('one object: properties, monitors with their last change, health tree, hosted objects')
    .argument('<object>', 'object id or key')
    .option('--json', 'print the object as JSON')
    .action(async (idOrKey: string, flags: OutputFlags) => {
      const client = connect();
      const found = await client.objects.get(idOrKey);
      const children = await client.objects.children(found.id, { limit: 100 });
      emit(flags, { ...found, children: children.items }, () => detail(found) + (children.items.length > 0 ? `\nHosts:\n${objectTable(children.items)}` : ''));
    });
}
