// Service or process state: healthy while the reported status is one of `expectedStates`
// (compared case-insensitively; default ["running"]), unhealthy otherwise, including
// "not-found". Collectors report the platform's own words (systemd "active", Windows "Running").
import { asConfigRecord, checkKnownKeys, checkOneOf, checkStringList } from '../config-checks.ts';
import type { UnhealthyState } from '../health-state.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';

export interface ServiceStateConfig {
  readonly expectedStates?: readonly string[];
  readonly unhealthyState?: UnhealthyState;
}

export const serviceStateMonitorType: MonitorType<ServiceStateConfig, null> = {
  id: 'service-state',
  summary: 'Healthy while a service or process is in an expected state.',
  inputKinds: ['service-status'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, ['expectedStates', 'unhealthyState'], errors);
    checkStringList(record, 'expectedStates', false, errors);
    checkOneOf(record, 'unhealthyState', ['warning', 'critical'], false, errors);
    return errors;
  },
  stateModel: () => 'two-state',
  evaluate(config, previous, input) {
    if (input.kind !== 'service-status') return keepState(previous, null, { summary: `ignored ${input.kind}`, observed: {} });
    const expected = (config.expectedStates ?? ['running']).map((s) => s.toLowerCase());
    const ok = expected.includes(input.status.toLowerCase());
    return {
      state: ok ? 'healthy' : (config.unhealthyState ?? 'critical'),
      memory: null,
      context: {
        summary: ok ? `status ${input.status} is expected` : `status ${input.status} is not one of ${expected.join(', ')}`,
        observed: { status: input.status },
      },
    };
  },
};
