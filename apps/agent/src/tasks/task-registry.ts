// Runs a task-request with the handler registered for its type; never throws: an unknown type,
// a handler that throws and output over the protocol's limit all become a proper task-result.
import type { Logger } from '@vigil/core/logging';
import { MAX_TASK_OUTPUT_LENGTH, type TaskRequest, type TaskResult } from '@vigil/protocol/link';
import type { TaskHandler, TaskOutcome } from './task-handler.ts';

export interface TaskRegistry {
  register(taskType: string, handler: TaskHandler): void;
  types(): readonly string[];
  run(request: TaskRequest): Promise<TaskResult>;
}

const TRUNCATION_NOTE = '\n[output truncated by the agent]';

export function createTaskRegistry(logger: Logger): TaskRegistry {
  const handlers = new Map<string, TaskHandler>();
  return {
    register(taskType, handler) {
      handlers.set(taskType, handler);
    },
    types: () => [...handlers.keys()].sort(),
    async run(request) {
      const handler = handlers.get(request.taskType);
      let outcome: TaskOutcome;
      if (handler === undefined) {
        outcome = { status: 'failed', output: `This agent has no task type "${request.taskType}". Known task types: ${[...handlers.keys()].sort().join(', ')}.` };
      } else {
        try {
          outcome = await handler(request);
        } catch (error) {
          logger.error({ err: error, taskId: request.taskId, taskType: request.taskType }, 'A task handler failed unexpectedly.');
          outcome = { status: 'failed', output: `The task failed inside the agent: ${(error as Error).message}` };
        }
      }
      logger.info({ taskId: request.taskId, taskType: request.taskType, status: outcome.status }, `Task ${request.taskType} ${outcome.status}.`);
      return {
        kind: 'task-result',
        taskId: request.taskId,
        status: outcome.status,
        output: truncate(outcome.output),
        ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
      };
    },
  };
}

function truncate(output: string): string {
  if (output.length <= MAX_TASK_OUTPUT_LENGTH) return output;
  return output.slice(0, MAX_TASK_OUTPUT_LENGTH - TRUNCATION_NOTE.length) + TRUNCATION_NOTE;
}
