// Average over a window: the state follows the mean of the last `windowSamples` samples.
// Until the window is full the state is kept (healthy at first): a partial average over one
// sample would be a simple threshold in disguise.
import { asConfigRecord, checkKnownKeys, checkNumber } from '../config-checks.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';
import { THRESHOLD_LEVEL_KEYS, checkThresholdLevels, levelOf, thresholdStateModel, type ThresholdLevels } from '../threshold-levels.ts';

export interface AverageThresholdConfig extends ThresholdLevels {
  readonly windowSamples: number;
}

/** The most recent samples, oldest first, at most windowSamples long. */
export type AverageThresholdMemory = readonly number[];

export const averageThresholdMonitorType: MonitorType<AverageThresholdConfig, AverageThresholdMemory> = {
  id: 'average-threshold',
  summary: 'State from the average of the last N samples.',
  inputKinds: ['sample'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, [...THRESHOLD_LEVEL_KEYS, 'windowSamples'], errors);
    checkThresholdLevels(record, errors);
    checkNumber(record, 'windowSamples', { required: true, integer: true, min: 1, max: 10_000 }, errors);
    return errors;
  },
  stateModel: thresholdStateModel,
  evaluate(config, previous, input) {
    const before = previous?.memory ?? [];
    if (input.kind !== 'sample') return keepState(previous, before, { summary: `ignored ${input.kind}`, observed: {} });
    const memory = [...before, input.value].slice(-config.windowSamples);
    if (memory.length < config.windowSamples) {
      return keepState(previous, memory, {
        summary: `collecting samples (${memory.length} of ${config.windowSamples})`,
        observed: { value: input.value, samples: memory.length },
      });
    }
    const average = memory.reduce((sum, v) => sum + v, 0) / memory.length;
    const state = levelOf(config, average);
    return {
      state,
      memory,
      context: {
        summary: `average ${average} of the last ${memory.length} samples is ${state}`,
        observed: { value: input.value, average, samples: memory.length },
      },
    };
  },
};
