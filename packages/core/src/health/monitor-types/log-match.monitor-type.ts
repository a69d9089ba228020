// Log file match: a line matching `pattern` makes the monitor unhealthy. It returns to healthy
// only by reset: `manual` (an operator resets it) or `timed` (`resetAfterSeconds` after the
// LAST match; a new match restarts the wait). A manual reset is accepted in both modes.
import { asConfigRecord, checkKnownKeys, checkNumber, checkOneOf, describe } from '../config-checks.ts';
import type { UnhealthyState } from '../health-state.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';

export interface LogMatchConfig {
  readonly pattern: string;
  /** RegExp flags, e.g. "i"; "g" and "y" are refused (they make test() stateful). */
  readonly flags?: string;
  readonly reset: 'manual' | 'timed';
  readonly resetAfterSeconds?: number;
  readonly unhealthyState?: UnhealthyState;
}

/** When the last matching line was seen, or null while healthy. */
export interface LogMatchMemory {
  readonly lastMatchMs: number | null;
}

export const logMatchMonitorType: MonitorType<LogMatchConfig, LogMatchMemory> = {
  id: 'log-match',
  summary: 'Unhealthy when a log line matches a pattern; manual or timed reset.',
  inputKinds: ['log-lines', 'tick', 'manual-reset'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, ['pattern', 'flags', 'reset', 'resetAfterSeconds', 'unhealthyState'], errors);
    checkPattern(record['pattern'], record['flags'], errors);
    checkOneOf(record, 'reset', ['manual', 'timed'], true, errors);
    checkOneOf(record, 'unhealthyState', ['warning', 'critical'], false, errors);
    checkNumber(record, 'resetAfterSeconds', { integer: true, min: 1 }, errors);
    if (record['reset'] === 'timed' && record['resetAfterSeconds'] === undefined) {
      errors.push('"resetAfterSeconds" is required when "reset" is "timed"');
    }
    if (record['reset'] === 'manual' && record['resetAfterSeconds'] !== undefined) {
      errors.push('"resetAfterSeconds" only applies when "reset" is "timed"');
    }
    return errors;
  },
  stateModel: () => 'two-state',
  evaluate(config, previous, input) {
    const memory = previous?.memory ?? { lastMatchMs: null };
    if (input.kind === 'manual-reset') {
      return { state: 'healthy', memory: { lastMatchMs: null }, context: { summary: `reset by ${input.by}`, observed: { by: input.by } } };
    }
    if (input.kind === 'log-lines') {
      const regex = new RegExp(config.pattern, config.flags);
      const line = input.lines.find((l) => regex.test(l));
      if (line !== undefined) {
        const state = config.unhealthyState ?? 'critical';
        return { state, memory: { lastMatchMs: input.atMs }, context: { summary: `log line matched ${config.pattern}`, observed: { line } } };
      }
    }
    if (config.reset === 'timed' && memory.lastMatchMs !== null) {
      const elapsedSeconds = (input.atMs - memory.lastMatchMs) / 1000;
      if (elapsedSeconds >= (config.resetAfterSeconds ?? 0)) {
        return { state: 'healthy', memory: { lastMatchMs: null }, context: { summary: `no match for ${elapsedSeconds} s; timed reset`, observed: { elapsedSeconds } } };
      }
    }
    return keepState(previous, memory, { summary: 'no matching line', observed: {} });
  },
};

function checkPattern(pattern: unknown, flags: unknown, errors: string[]): void {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    errors.push(`"pattern" must be a non-empty regular expression, got ${describe(pattern)}`);
    return;
  }
  if (flags !== undefined && (typeof flags !== 'string' || /[gy]/.test(flags))) {
    errors.push(`"flags" must be a string of RegExp flags without g or y, got ${describe(flags)}`);
    return;
  }
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    errors.push(`"pattern" is not a valid regular expression: ${(error as Error).message}`);
  }
}
