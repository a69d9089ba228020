// Consecutive samples: the state becomes warning/critical only after `samples` consecutive
// samples at that level or worse, and healthy again only after `recoverySamples` (default 1)
// consecutive healthy samples. One spike does not page anyone.
import { asConfigRecord, checkKnownKeys, checkNumber } from '../config-checks.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';
import { THRESHOLD_LEVEL_KEYS, checkThresholdLevels, levelOf, thresholdStateModel, type ThresholdLevels } from '../threshold-levels.ts';

export interface ConsecutiveThresholdConfig extends ThresholdLevels {
  readonly samples: number;
  readonly recoverySamples?: number;
}

/** Lengths of the current runs of samples at warning-or-worse, critical, and healthy. */
export interface ConsecutiveThresholdMemory {
  readonly warningOrWorse: number;
  readonly critical: number;
  readonly healthy: number;
}

export const consecutiveThresholdMonitorType: MonitorType<ConsecutiveThresholdConfig, ConsecutiveThresholdMemory> = {
  id: 'consecutive-threshold',
  summary: 'Unhealthy after N consecutive samples beyond a threshold.',
  inputKinds: ['sample'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, [...THRESHOLD_LEVEL_KEYS, 'samples', 'recoverySamples'], errors);
    checkThresholdLevels(record, errors);
    checkNumber(record, 'samples', { required: true, integer: true, min: 1, max: 1000 }, errors);
    checkNumber(record, 'recoverySamples', { integer: true, min: 1, max: 1000 }, errors);
    return errors;
  },
  stateModel: thresholdStateModel,
  evaluate(config, previous, input) {
    const before = previous?.memory ?? { warningOrWorse: 0, critical: 0, healthy: 0 };
    if (input.kind !== 'sample') return keepState(previous, before, { summary: `ignored ${input.kind}`, observed: {} });
    const level = levelOf(config, input.value);
    const memory: ConsecutiveThresholdMemory = {
      warningOrWorse: level === 'healthy' ? 0 : before.warningOrWorse + 1,
      critical: level === 'critical' ? before.critical + 1 : 0,
      healthy: level === 'healthy' ? before.healthy + 1 : 0,
    };
    const observed = { value: input.value, level, ...memory };
    if (memory.critical >= config.samples) {
      return { state: 'critical', memory, context: { summary: `${memory.critical} consecutive critical samples (last ${input.value})`, observed } };
    }
    // Only reachable with a warning threshold: without one, warning-or-worse runs are critical runs.
    if (memory.warningOrWorse >= config.samples) {
      return { state: 'warning', memory, context: { summary: `${memory.warningOrWorse} consecutive samples beyond warning (last ${input.value})`, observed } };
    }
    if (memory.healthy >= (config.recoverySamples ?? 1)) {
      return { state: 'healthy', memory, context: { summary: `${memory.healthy} consecutive healthy samples (last ${input.value})`, observed } };
    }
    return keepState(previous, memory, { summary: `sample ${input.value} (${level}); not enough consecutive samples to change state`, observed });
  },
};
