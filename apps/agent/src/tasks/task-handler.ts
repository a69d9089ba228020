// Tasks the management server asks this agent to run (SCOM's agent tasks). Each task type is a
// handler in a registry keyed by `taskType`; a handler reports its outcome as a value and the
// registry turns it into the task-result message (output truncated to the protocol limit).
import type { TaskRequest } from '@vigil/protocol/link';

export type TaskOutcome = {
  readonly status: 'succeeded' | 'failed' | 'timed-out';
  readonly output: string;
  readonly exitCode?: number;
};

export type TaskHandler = (request: TaskRequest) => Promise<TaskOutcome>;
