// `vigil task run | result | list | types`: tasks on the agents monitoring objects.
import type { Command } from 'commander';
import type { TaskView } from '@vigil/protocol';
import { connect } from '../console/api-connection.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, renderTable } from '../output/table.ts';
import { EXIT } from '../output/failure.ts';

const FINAL = new Set<TaskView['status']>(['succeeded', 'failed', 'timed-out']);

function taskText(t: TaskView): string {
  return `Task ${t.id} (${t.taskType}) ${t.status}${t.exitCode !== null ? `, exit ${t.exitCode}` : ''}\n${t.output ?? ''}${t.output && !t.output.endsWith('\n') ? '\n' : ''}`;
}

export function registerTaskCommands(program: Command): void {
  const task = program.command('task').description('tasks run by agents');

  task.command('run')
    .description('run a task on the agent of an object (--wait: until it finishes)')
    .argument('<object>', 'object id or key').argument('<taskType>', 'task type')
    .option('--param <key=value...>', 'task parameters')
    .option('--timeout <seconds>', 'task timeout', '60')
    .option('--wait', 'poll until the task finishes')
    .option('--json', 'print the task as JSON')
    .action(async (object: string, taskType: string, flags: OutputFlags & { param?: string[]; timeout: string; wait?: boolean }) => {
      const client = connect();
      const parameters = Object.fromEntries((flags.param ?? []).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
      let t = await client.tasks.run({ objectId: object, taskType, parameters, timeoutSeconds: Number(flags.timeout) });
      const deadline = Date.now() + (Number(flags.timeout) + 30) * 1000;
      while (flags.wait && !FINAL.has(t.status) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        t = await client.tasks.get(t.id);
      }
      emit(flags, t, () => (flags.wait ? taskText(t) : `Task ${t.id} queued for the agent; \`vigil task result ${t.id}\` shows its result.\n`));
      if (flags.wait && t.status !== 'succeeded') process.exitCode = EXIT.failure;
    });

  task.command('result').description('status and output of a task').argument('<id>', 'task id').option('--json', 'print as JSON').action(async (id: string, flags: OutputFlags) => {
    const t = await connect().tasks.get(id);
    emit(flags, t, () => taskText(t));
    if (t.status === 'failed' || t.status === 'timed-out') process.exitCode = EXIT.failure;
  });

  task.command('types').description('the task types every agent can run, with their parameters').option('--json', 'print as JSON').action(async (flags: OutputFlags) => {
    const types = await connect().tasks.types();
    emit(flags, types, () => renderTable(types, [
      { header: 'TYPE', value: (t) => t.id },
      { header: 'DESCRIPTION', value: (t) => t.description },
      { header: 'PARAMETERS', value: (t) => t.parameters.map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ') },
    ], 'No task types.'));
  });

  task.command('list').description('recent tasks').option('--object <id>').option('--json', 'print as JSON').action(async (flags: OutputFlags & { object?: string }) => {
    const tasks = await connect().tasks.list(flags.object ? { objectId: flags.object } : {});
    emit(flags, tasks, () => renderTable(tasks, [
      { header: 'ID', value: (t) => t.id },
      { header: 'TYPE', value: (t) => t.taskType },
      { header: 'STATUS', value: (t) => ({ text: t.status, tone: t.status === 'succeeded' ? 'good' : t.status === 'failed' || t.status === 'timed-out' ? 'bad' : 'plain' }) },
      { header: 'SUBMITTED', value: (t) => `${formatTime(t.submittedAtMs)} by ${t.submittedBy}` },
    ], 'No tasks.'));
  });
}
