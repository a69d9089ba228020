// Threshold levels shared by the threshold-family monitor types. A configuration with both
// `warning` and `critical` makes a 3-state monitor; with only one of them, a 2-state monitor
// whose unhealthy state is that one. Comparisons are strict: with direction `above` and
// critical 90, a value of exactly 90 is not critical (SCOM's "greater than").
import type { KnownHealthState, MonitorStateModel } from './health-state.ts';
import { type ConfigRecord, checkNumber, checkOneOf, describe } from './config-checks.ts';

export interface ThresholdLevels {
  readonly direction: 'above' | 'below';
  readonly warning?: number;
  readonly critical?: number;
}

export const THRESHOLD_LEVEL_KEYS = ['direction', 'warning', 'critical'] as const;

export function levelOf(levels: ThresholdLevels, value: number): KnownHealthState {
  const beyond = (threshold: number | undefined): boolean =>
    threshold !== undefined && (levels.direction === 'above' ? value > threshold : value < threshold);
  if (beyond(levels.critical)) return 'critical';
  if (beyond(levels.warning)) return 'warning';
  return 'healthy';
}

export function thresholdStateModel(levels: ThresholdLevels): MonitorStateModel {
  return levels.warning !== undefined && levels.critical !== undefined ? 'three-state' : 'two-state';
}

/** Appends problems with direction/warning/critical to `errors`. */
export function checkThresholdLevels(config: ConfigRecord, errors: string[]): void {
  checkOneOf(config, 'direction', ['above', 'below'], true, errors);
  checkNumber(config, 'warning', {}, errors);
  checkNumber(config, 'critical', {}, errors);
  const { warning, critical, direction } = config;
  if (warning === undefined && critical === undefined) {
    errors.push('set "warning", "critical" or both (both make a 3-state monitor)');
  }
  if (typeof warning !== 'number' || typeof critical !== 'number') return;
  if (direction === 'above' && warning > critical) {
    errors.push(`with direction "above", "warning" (${describe(warning)}) must not exceed "critical" (${describe(critical)})`);
  }
  if (direction === 'below' && warning < critical) {
    errors.push(`with direction "below", "warning" (${describe(warning)}) must not be under "critical" (${describe(critical)})`);
  }
}
