// A workflow's own view of log files: a tailer whose read positions are kept per workflow and
// target under the agent's state folder, so two rules reading /var/log/syslog each see every line.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createJsonFilePositionStore } from '../logs/json-file.position-store.ts';
import { createLogTailer, type LogTailer } from '../logs/log-tailer.ts';
import type { WorkflowServices } from './workflow-plugin.ts';

/** The pack's well-known log names; anything else is a path or glob. */
const NAMED_LOGS: Readonly<Record<string, readonly string[]>> = {
  syslog: ['/var/log/syslog', '/var/log/messages'],
  kern: ['/var/log/kern.log'],
  auth: ['/var/log/auth.log', '/var/log/secure'],
};

export function logGlobs(log: string): readonly string[] | undefined {
  if (log in NAMED_LOGS) return NAMED_LOGS[log];
  return path.isAbsolute(log) ? [log] : undefined;
}

/**
 * A tailer for this workflow and target. New files start at their beginning; files that exist at
 * the workflow's very first run start at their end (history is not replayed as fresh events).
 */
export function openWorkflowLog(services: WorkflowServices, workflowKey: string, globs: readonly string[], pattern?: RegExp): LogTailer {
  const name = createHash('sha256').update(workflowKey).digest('hex').slice(0, 24);
  return createLogTailer({
    globs,
    ...(pattern === undefined ? {} : { pattern }),
    store: createJsonFilePositionStore(path.join(services.stateDir, 'logs', `${name}.json`)),
    clock: services.clock,
    firstStart: 'end',
  });
}
