// command: runs a command -> `sample`: its exit status ('exit-code') or the first number it prints
// ('number'). A command that cannot start or times out gives no sample (the monitor keeps its state).
import { CommandMonitorSource } from '@vigil/core/pack-schema';
import { expandArgs, substituteTarget } from '../expressions.ts';
import { checked } from '../workflow-configuration.ts';
import type { MonitorSourcePlugin } from './monitor-source.ts';

const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;

export const commandMonitorSource: MonitorSourcePlugin = {
  kind: 'command',
  bind(raw, { workflow, target, services }) {
    const source = checked(CommandMonitorSource, raw, workflow, 'source');
    const executable = substituteTarget(source.command, target);
    const args = expandArgs(source.args ?? [], target);
    return {
      async read() {
        const result = await services.runCommand({ executable, args, timeoutMs: source.timeoutSeconds * 1000, maxOutputBytes: 64 * 1024, inheritEnv: ['PATH', 'LANG'] });
        if (result.kind === 'failed-to-start') return { kind: 'none', reason: `${executable} could not start: ${result.message}` };
        if (result.kind === 'timed-out') return { kind: 'none', reason: `${executable} timed out after ${result.timeoutMs} ms` };
        const atMs = services.clock.nowMs();
        if (source.output === 'exit-code') return { kind: 'input', input: { kind: 'sample', atMs, value: result.exitCode } };
        const number = NUMBER.exec(result.stdout)?.[0];
        if (number === undefined) return { kind: 'none', reason: `${executable} printed no number` };
        return { kind: 'input', input: { kind: 'sample', atMs, value: Number(number) } };
      },
    };
  },
};
