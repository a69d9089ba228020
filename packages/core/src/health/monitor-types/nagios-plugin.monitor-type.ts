// Nagios plugin exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Any other exit code is
// UNKNOWN too (the plugin guidelines say so). `unknownAs` lets a pack treat UNKNOWN as a
// warning or critical instead, for plugins that use 3 for real failures.
import { asConfigRecord, checkKnownKeys, checkOneOf } from '../config-checks.ts';
import type { HealthState } from '../health-state.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';
import { parseNagiosOutput } from '../nagios-output.ts';

export interface NagiosPluginConfig {
  readonly unknownAs?: 'unknown' | 'warning' | 'critical';
}

const EXIT_STATES: Readonly<Record<number, HealthState>> = { 0: 'healthy', 1: 'warning', 2: 'critical', 3: 'unknown' };

export const nagiosPluginMonitorType: MonitorType<NagiosPluginConfig, null> = {
  id: 'nagios-plugin',
  summary: 'State from a Nagios-compatible plugin exit status, with its output and perfdata.',
  inputKinds: ['plugin-result'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, ['unknownAs'], errors);
    checkOneOf(record, 'unknownAs', ['unknown', 'warning', 'critical'], false, errors);
    return errors;
  },
  stateModel: () => 'three-state',
  evaluate(config, previous, input) {
    if (input.kind !== 'plugin-result') return keepState(previous, null, { summary: `ignored ${input.kind}`, observed: {} });
    const exitState = EXIT_STATES[input.exitCode] ?? 'unknown';
    const state = exitState === 'unknown' ? (config.unknownAs ?? 'unknown') : exitState;
    const parsed = parseNagiosOutput(input.output);
    const observed: Record<string, string | number | boolean> = { exitCode: input.exitCode, output: parsed.text };
    if (parsed.truncated) observed['outputTruncated'] = true;
    for (const item of parsed.perfdata) observed[`perf.${item.label}`] = item.value;
    return { state, memory: null, context: { summary: `plugin exited ${input.exitCode}: ${parsed.text}`, observed } };
  },
};
