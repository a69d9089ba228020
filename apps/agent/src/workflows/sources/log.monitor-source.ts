// log: new lines of the files matching `paths` since the last tick -> `log-lines`; no new line
// gives a `tick` (which is what lets a timed log-match reset). Positions advance once the
// resulting state change is spooled.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { LogMonitorSource } from '@vigil/core/pack-schema';
import { substituteTarget } from '../expressions.ts';
import { openWorkflowLog } from '../log-reader.ts';
import { checked } from '../workflow-configuration.ts';
import type { MonitorSourcePlugin } from './monitor-source.ts';

export const logMonitorSource: MonitorSourcePlugin = {
  kind: 'log',
  bind(raw, { workflow, target, services }) {
    const source = checked(LogMonitorSource, raw, workflow, 'source');
    const tailer = openWorkflowLog(services, `${workflow.workflowId}|${workflow.targetKey}`, source.paths.map((p) => substituteTarget(p, target)));
    return {
      async read() {
        await mkdir(path.join(services.stateDir, 'logs'), { recursive: true, mode: 0o700 });
        const batch = await tailer.read();
        const atMs = services.clock.nowMs();
        const input = batch.lines.length > 0 ? { kind: 'log-lines' as const, atMs, lines: batch.lines.map((l) => l.line) } : { kind: 'tick' as const, atMs };
        return { kind: 'input', input, commit: () => batch.commit() };
      },
    };
  },
};
