// The task types every agent has. Other modules (workflows, management packs) add theirs to the
// same registry through the running agent.
import type { Logger } from '@vigil/core/logging';
import type { CommandRunner } from '../commands/command-runner.ts';
import { agentInfoTask } from './agent-info.task.ts';
import { flushSpoolTask } from './flush-spool.task.ts';
import { runCommandTask } from './run-command.task.ts';
import { createTaskRegistry, type TaskRegistry } from './task-registry.ts';

export interface BuiltInTaskPorts {
  readonly runner: CommandRunner;
  readonly describe: () => Readonly<Record<string, unknown>>;
  readonly flush: () => { readonly pendingItems: number; readonly pendingBytes: number };
}

export function createBuiltInTaskRegistry(ports: BuiltInTaskPorts, logger: Logger): TaskRegistry {
  const registry = createTaskRegistry(logger);
  registry.register('run-command', runCommandTask(ports.runner));
  registry.register('agent-info', agentInfoTask(ports.describe));
  registry.register('flush-spool', flushSpoolTask(ports.flush));
  return registry;
}
