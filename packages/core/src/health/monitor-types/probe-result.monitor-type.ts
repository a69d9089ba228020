// Probe result: the generic judge for ICMP/TCP/HTTP/DNS/SNMP/Prometheus probes. A failed probe
// is `failureState` (default critical) once `failuresBeforeUnhealthy` (default 1) consecutive
// probes failed; a successful probe is judged on its latency against optional thresholds.
import { asConfigRecord, checkKnownKeys, checkNumber, checkOneOf } from '../config-checks.ts';
import type { KnownHealthState, MonitorStateModel, UnhealthyState } from '../health-state.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';
import { levelOf } from '../threshold-levels.ts';

export interface ProbeResultConfig {
  readonly failureState?: UnhealthyState;
  readonly failuresBeforeUnhealthy?: number;
  readonly latencyWarningMs?: number;
  readonly latencyCriticalMs?: number;
}

export interface ProbeResultMemory {
  readonly consecutiveFailures: number;
}

export const probeResultMonitorType: MonitorType<ProbeResultConfig, ProbeResultMemory> = {
  id: 'probe-result',
  summary: 'Success/failure of a network probe, with optional latency thresholds.',
  inputKinds: ['probe-result'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, ['failureState', 'failuresBeforeUnhealthy', 'latencyWarningMs', 'latencyCriticalMs'], errors);
    checkOneOf(record, 'failureState', ['warning', 'critical'], false, errors);
    checkNumber(record, 'failuresBeforeUnhealthy', { integer: true, min: 1, max: 1000 }, errors);
    checkNumber(record, 'latencyWarningMs', { min: 0 }, errors);
    checkNumber(record, 'latencyCriticalMs', { min: 0 }, errors);
    const { latencyWarningMs: warning, latencyCriticalMs: critical } = record;
    if (typeof warning === 'number' && typeof critical === 'number' && warning > critical) {
      errors.push(`"latencyWarningMs" (${warning}) must not exceed "latencyCriticalMs" (${critical})`);
    }
    return errors;
  },
  stateModel(config): MonitorStateModel {
    const unhealthy = new Set<UnhealthyState>([config.failureState ?? 'critical']);
    if (config.latencyWarningMs !== undefined) unhealthy.add('warning');
    if (config.latencyCriticalMs !== undefined) unhealthy.add('critical');
    return unhealthy.size === 2 ? 'three-state' : 'two-state';
  },
  evaluate(config, previous, input) {
    const before = previous?.memory ?? { consecutiveFailures: 0 };
    if (input.kind !== 'probe-result') return keepState(previous, before, { summary: `ignored ${input.kind}`, observed: {} });
    const detail = input.detail ?? null;
    if (!input.success) {
      const memory = { consecutiveFailures: before.consecutiveFailures + 1 };
      const observed = { success: false, detail, consecutiveFailures: memory.consecutiveFailures };
      if (memory.consecutiveFailures < (config.failuresBeforeUnhealthy ?? 1)) {
        return keepState(previous, memory, { summary: `probe failed (${memory.consecutiveFailures} in a row)`, observed });
      }
      return { state: config.failureState ?? 'critical', memory, context: { summary: `probe failed: ${detail ?? 'no detail'}`, observed } };
    }
    const latencyMs = input.latencyMs ?? null;
    const state: KnownHealthState =
      latencyMs === null ? 'healthy' : levelOf({ direction: 'above', warning: config.latencyWarningMs, critical: config.latencyCriticalMs }, latencyMs);
    return {
      state,
      memory: { consecutiveFailures: 0 },
      context: { summary: `probe succeeded${latencyMs === null ? '' : ` in ${latencyMs} ms`}`, observed: { success: true, latencyMs, detail } },
    };
  },
};
