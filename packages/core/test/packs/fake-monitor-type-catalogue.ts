// A tiny in-memory MonitorTypeCatalogue for pack tests: the real registry (core/health) is
// tested on its own; here we only need "known type" and "config problem" answers.
import type { MonitorTypeCatalogue } from '@vigil/core';

type ConfigCheck = (config: Record<string, unknown>) => string[];

const TYPES: Record<string, ConfigCheck> = {
  threshold: (config) => {
    const problems: string[] = [];
    if (config['direction'] !== 'above' && config['direction'] !== 'below') problems.push('"direction" must be above or below.');
    for (const key of ['warning', 'critical']) {
      if (key in config && typeof config[key] !== 'number') problems.push(`"${key}" must be a number.`);
    }
    const { warning, critical, direction } = config;
    if (typeof warning === 'number' && typeof critical === 'number' && direction === 'above' && warning > critical) {
      problems.push(`with direction "above", "warning" (${warning}) must not exceed "critical" (${critical}).`);
    }
    if (typeof warning === 'number' && typeof critical === 'number' && direction === 'below' && warning < critical) {
      problems.push(`with direction "below", "warning" (${warning}) must not be under "critical" (${critical}).`);
    }
    return problems;
  },
  heartbeat: (config) => (Number.isInteger(config['missedForCritical']) ? [] : ['"missedForCritical" must be a whole number.']),
  'log-match': (config) => (typeof config['pattern'] === 'string' ? [] : ['"pattern" must be a text.']),
  'probe-result': (config) => (config['failuresBeforeUnhealthy'] === undefined || Number.isInteger(config['failuresBeforeUnhealthy']) ? [] : ['"failuresBeforeUnhealthy" must be a whole number.']),
};

const INPUT_KINDS: Record<string, readonly string[]> = { threshold: ['sample'], heartbeat: ['heartbeat', 'tick'], 'log-match': ['log-lines', 'tick', 'manual-reset'], 'probe-result': ['probe-result'] };

export const fakeMonitorTypes: MonitorTypeCatalogue = {
  has: (type) => type in TYPES,
  get: (type) => ({ inputKinds: INPUT_KINDS[type] ?? [] }),
  validateConfig: (type, config) => TYPES[type]?.(config as Record<string, unknown>) ?? [`unknown type ${type}`],
};
