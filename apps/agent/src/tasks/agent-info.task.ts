// `agent-info`: what an operator asks first about an agent — its name, version, host, link and
// spool state — as one JSON document.
import type { TaskHandler } from './task-handler.ts';

export function agentInfoTask(describe: () => Readonly<Record<string, unknown>>): TaskHandler {
  return async () => ({ status: 'succeeded', output: JSON.stringify(describe(), null, 2) });
}
