// Simple threshold: every sample sets the state at once.
import { asConfigRecord, checkKnownKeys } from '../config-checks.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';
import { THRESHOLD_LEVEL_KEYS, checkThresholdLevels, levelOf, thresholdStateModel, type ThresholdLevels } from '../threshold-levels.ts';

export type ThresholdConfig = ThresholdLevels;

export const thresholdMonitorType: MonitorType<ThresholdConfig, null> = {
  id: 'threshold',
  summary: 'State from each sample compared with warning/critical thresholds.',
  inputKinds: ['sample'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, THRESHOLD_LEVEL_KEYS, errors);
    checkThresholdLevels(record, errors);
    return errors;
  },
  stateModel: thresholdStateModel,
  evaluate(config, previous, input) {
    if (input.kind !== 'sample') return keepState(previous, null, { summary: `ignored ${input.kind}`, observed: {} });
    const state = levelOf(config, input.value);
    return {
      state,
      memory: null,
      context: { summary: `sample ${input.value} is ${state}`, observed: { value: input.value } },
    };
  },
};
