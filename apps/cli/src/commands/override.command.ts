// `vigil override set | list | remove | effective`: overrides through the SDK API ("why is this
// monitor's threshold 90 on this object?").
import type { Command } from 'commander';
import { VigilError } from '@vigil/core';
import type { OverrideSet, OverrideView } from '@vigil/protocol';
import { connect } from '../console/api-connection.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { paint, renderTable } from '../output/table.ts';

/** "90" -> 90, "true" -> true, anything else stays text. */
function parseValue(text: string): OverrideSet['value'] {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

const describe = (o: OverrideView): string => `${o.context.kind} ${o.context.id}${o.enforced ? ' (enforced)' : ''}`;

export function registerOverrideCommands(program: Command): void {
  const override = program.command('override').description('overrides of monitor, rule and discovery parameters');

  override.command('set')
    .description('set a parameter for a class, a group or one object (stored in an unsealed override pack)')
    .argument('<workflow>', 'monitor, rule or discovery id').argument('<parameter>', 'parameter, e.g. critical, enabled').argument('<value>', 'new value')
    .option('--class <classId>').option('--group <groupId>').option('--object <objectId>')
    .option('--enforced', 'wins over non-enforced overrides')
    .option('--pack <name>', 'unsealed pack to hold it', 'Vigil.Overrides')
    .option('--json', 'print the result as JSON')
    .action(async (workflowId: string, parameter: string, value: string, flags: OutputFlags & { class?: string; group?: string; object?: string; enforced?: boolean; pack: string }) => {
      const targets = [flags.class && { kind: 'class' as const, id: flags.class }, flags.group && { kind: 'group' as const, id: flags.group }, flags.object && { kind: 'instance' as const, id: flags.object }].filter(Boolean);
      if (targets.length !== 1) throw new VigilError('VALIDATION_FAILED', { what: 'Give exactly one of --class, --group, --object.' });
      const client = connect();
      let context = targets[0] as OverrideSet['context'];
      if (context.kind === 'instance') context = { kind: 'instance', id: (await client.objects.get(context.id)).id };
      const result = await client.overrides.set({ workflowId, parameter, value: parseValue(value), context, packName: flags.pack, ...(flags.enforced ? { enforced: true } : {}) });
      emit(flags, result, () => `${workflowId} ${parameter} = ${JSON.stringify(result.override.value)} for ${describe(result.override)} (pack ${result.packName} ${result.packVersion}; ${result.recompiledAgents} agent configuration(s) recompiled).\n`);
    });

  override.command('list')
    .description('overrides in every pack')
    .option('--workflow <id>').option('--pack <name>').option('--json', 'print as JSON')
    .action(async (flags: OutputFlags & { workflow?: string; pack?: string }) => {
      const list = await connect().overrides.list({ ...(flags.workflow ? { workflowId: flags.workflow } : {}), ...(flags.pack ? { packName: flags.pack } : {}) });
      emit(flags, list, () => renderTable(list, [
        { header: 'ID', value: (o) => o.id },
        { header: 'WORKFLOW', value: (o) => o.workflowId },
        { header: 'PARAMETER', value: (o) => o.parameter },
        { header: 'VALUE', value: (o) => JSON.stringify(o.value) },
        { header: 'FOR', value: describe },
        { header: 'PACK', value: (o) => o.packName },
      ], 'No overrides.'));
    });

  override.command('remove')
    .description('remove an override from its pack (agent configurations are recompiled without it)')
    .argument('<id>', 'override id, as `vigil override list` shows it')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, flags: OutputFlags) => {
      const result = await connect().overrides.remove(id);
      const o = result.removed;
      emit(flags, result, () => `Removed ${o.workflowId} ${o.parameter} = ${JSON.stringify(o.value)} for ${describe(o)} (pack ${result.packName} ${result.packVersion}; ${result.recompiledAgents} agent configuration(s) recompiled).\n`);
    });

  override.command('effective')
    .description("a parameter's effective value on an object, and why")
    .argument('<object>', 'object id or key').argument('<workflow>', 'monitor, rule or discovery id').argument('<parameter>', 'parameter')
    .option('--json', 'print as JSON')
    .action(async (objectId: string, workflowId: string, parameter: string, flags: OutputFlags) => {
      const r = await connect().overrides.effective({ objectId, workflowId, parameter });
      emit(flags, r, () => `${paint(`${workflowId} ${parameter} = ${JSON.stringify(r.value)}`, 'bold')} (${r.kind}; default ${JSON.stringify(r.defaultValue)})\n${r.explanation}\n` +
        (r.candidates.length > 0 ? `\nCandidates, strongest first:\n${r.candidates.map((c) => `  ${JSON.stringify(c.override.value).padEnd(8)} ${describe(c.override)}  [${c.override.packName}] ${c.why}`).join('\n')}\n` : '') +
        (r.conflicts.length > 0 ? `\n${paint('Conflicts:', 'bold')}\n${r.conflicts.map((c) => `  ${c.overrides.map((o) => `${JSON.stringify(o.value)} from ${o.packName}`).join(' vs ')}`).join('\n')}\n` : ''));
      if (r.kind === 'conflict') process.exitCode = 6;
    });
}
