// Runs a Nagios-compatible plugin and turns its exit status and output into a check result.
// The agent never fails a check run: every problem (timeout, missing plugin, odd exit code) becomes
// an UNKNOWN result whose summary says what went wrong.
import type { CommandRequest, CommandRunner } from '../commands/command-runner.ts';
import { parsePluginOutput, type PluginOutput } from './plugin-output.parser.ts';

export type NagiosState = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

/** Exit status → state per the plugin API; any other status is UNKNOWN. */
const STATES: readonly NagiosState[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

/** The guidelines' limit: output beyond the first 8 KB is ignored. */
export const MAX_PLUGIN_OUTPUT_BYTES = 8 * 1024;

/** A command request without the output limit, which the plugin API fixes at 8 KB. */
export type NagiosPluginRequest = Omit<CommandRequest, 'maxOutputBytes' | 'stdin'>;

export interface NagiosCheckResult extends PluginOutput {
  readonly state: NagiosState;
  /** The plugin's exit status; undefined when it never started or did not finish. */
  readonly exitCode: number | undefined;
  /** True when the plugin printed more than MAX_PLUGIN_OUTPUT_BYTES and the rest was ignored. */
  readonly truncated: boolean;
  readonly durationMs: number;
}

function unknown(summary: string, durationMs: number): NagiosCheckResult {
  return { state: 'UNKNOWN', summary, longText: [], perfData: [], perfDataErrors: [], exitCode: undefined, truncated: false, durationMs };
}

export async function runNagiosPlugin(runner: CommandRunner, request: NagiosPluginRequest): Promise<NagiosCheckResult> {
  const result = await runner({ ...request, maxOutputBytes: MAX_PLUGIN_OUTPUT_BYTES });
  if (result.kind === 'failed-to-start') return unknown(`Plugin ${request.executable} could not be started: ${result.message}`, 0);
  if (result.kind === 'timed-out') {
    return unknown(`Plugin ${request.executable} timed out after ${result.timeoutMs / 1000} s and was killed.`, result.durationMs);
  }
  // Plugins that crash often write only to stderr; show that rather than an empty status line.
  const output = parsePluginOutput(result.stdout.trim() === '' ? result.stderr : result.stdout);
  const state = STATES[result.exitCode] ?? 'UNKNOWN';
  let summary = output.summary;
  if (STATES[result.exitCode] === undefined) {
    const why = result.exitCode === 126 ? 'not executable' : result.exitCode === 127 ? 'command not found' : `exit status ${result.exitCode} is not 0-3`;
    summary = `Plugin ${request.executable} returned an invalid result (${why})${summary === '' ? '' : `: ${summary}`}`;
  } else if (summary === '') {
    summary = `Plugin ${request.executable} printed no output (exit status ${result.exitCode}).`;
  }
  return { ...output, summary, state, exitCode: result.exitCode, truncated: result.truncated, durationMs: result.durationMs };
}
