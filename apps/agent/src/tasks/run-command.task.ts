// `run-command`: runs one program with arguments (no shell) under the command runner's rules —
// the request's timeoutSeconds, bounded output, a clean environment.
// Parameters: executable (string, required), args (JSON array of strings, optional), cwd (optional).
import type { CommandRunner } from '../commands/command-runner.ts';
import type { TaskHandler } from './task-handler.ts';

const MAX_OUTPUT_BYTES = 256 * 1024;
const INHERITED_ENV = ['PATH', 'LANG', 'LC_ALL', 'HOME', 'TZ'];

export function runCommandTask(runner: CommandRunner): TaskHandler {
  return async (request) => {
    const { executable, args, cwd } = request.parameters;
    if (typeof executable !== 'string' || executable === '') {
      return { status: 'failed', output: 'Parameter "executable" (the program to run) is required.' };
    }
    const parsedArgs = parseArgs(args);
    if (typeof parsedArgs === 'string') return { status: 'failed', output: parsedArgs };
    const result = await runner({
      executable,
      args: parsedArgs,
      timeoutMs: request.timeoutSeconds * 1000,
      maxOutputBytes: MAX_OUTPUT_BYTES,
      inheritEnv: INHERITED_ENV,
      ...(typeof cwd === 'string' ? { cwd } : {}),
    });
    if (result.kind === 'failed-to-start') return { status: 'failed', output: result.message };
    const output = [result.stdout, result.stderr].filter((text) => text !== '').join(result.stdout.endsWith('\n') ? '' : '\n')
      + (result.truncated ? `\n[output beyond ${MAX_OUTPUT_BYTES} bytes per stream was discarded]` : '');
    if (result.kind === 'timed-out') {
      return { status: 'timed-out', output: `${output}${output ? '\n' : ''}[stopped after ${request.timeoutSeconds} s]` };
    }
    return { status: result.exitCode === 0 ? 'succeeded' : 'failed', output, exitCode: result.exitCode };
  };
}

function parseArgs(value: unknown): string[] | string {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') return 'Parameter "args" must be a JSON array of strings, e.g. ["-c", "1"].';
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed as string[];
  } catch {
    // Reported below.
  }
  return 'Parameter "args" must be a JSON array of strings, e.g. ["-c", "1"].';
}
