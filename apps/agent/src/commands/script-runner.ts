// Runs an inline script (from a management pack) by writing it to a private temporary file and
// handing that file to its interpreter, so scripts of any length and any quoting work.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandRequest, CommandResult, CommandRunner } from './command-runner.ts';

export interface ScriptRequest extends Omit<CommandRequest, 'executable' | 'args'> {
  /** Absolute path of the interpreter, e.g. '/bin/sh' or '/usr/bin/python3'. */
  readonly interpreter: string;
  readonly body: string;
  readonly args?: readonly string[];
  /** Directory for the temporary script file (the agent's private work folder). */
  readonly scratchDir: string;
}

/** Runs the script and always removes its temporary file, whatever the outcome. */
export async function runScript(runner: CommandRunner, request: ScriptRequest): Promise<CommandResult> {
  let dir: string;
  try {
    dir = await mkdtemp(path.join(request.scratchDir, 'script-'));
  } catch (error) {
    return { kind: 'failed-to-start', message: `Cannot create a script file in ${request.scratchDir}: ${(error as Error).message}` };
  }
  try {
    const file = path.join(dir, 'script');
    // 0o700: the script may carry credentials from overrides; only the agent's user may read it.
    await writeFile(file, request.body, { mode: 0o700 });
    const { interpreter, body: _body, scratchDir: _scratchDir, args, ...rest } = request;
    return await runner({ ...rest, executable: interpreter, args: [file, ...(args ?? [])] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
