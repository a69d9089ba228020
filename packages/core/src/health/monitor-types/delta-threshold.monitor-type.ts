// Delta between samples: the state follows (this sample - previous sample), e.g. a counter
// that should keep rising, or a queue that must not jump. The first sample only sets the base.
import { asConfigRecord, checkKnownKeys } from '../config-checks.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';
import { THRESHOLD_LEVEL_KEYS, checkThresholdLevels, levelOf, thresholdStateModel, type ThresholdLevels } from '../threshold-levels.ts';

export type DeltaThresholdConfig = ThresholdLevels;

/** The previous sample value, or null before the first one. */
export type DeltaThresholdMemory = number | null;

export const deltaThresholdMonitorType: MonitorType<DeltaThresholdConfig, DeltaThresholdMemory> = {
  id: 'delta-threshold',
  summary: 'State from the change between consecutive samples.',
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
    const last = previous?.memory ?? null;
    if (input.kind !== 'sample') return keepState(previous, last, { summary: `ignored ${input.kind}`, observed: {} });
    if (last === null) {
      return keepState(previous, input.value, { summary: `first sample ${input.value} sets the base`, observed: { value: input.value } });
    }
    const delta = input.value - last;
    const state = levelOf(config, delta);
    return {
      state,
      memory: input.value,
      context: { summary: `delta ${delta} (${last} -> ${input.value}) is ${state}`, observed: { value: input.value, previous: last, delta } },
    };
  },
};
