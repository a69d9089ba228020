// Heartbeat: counts whole intervals since the last heartbeat. SCOM's default is a heartbeat
// every 60 s and critical after 4 missed. Before the first heartbeat the state is unknown
// (reason unmonitored): silence from something never heard from is not yet a failure.
import { asConfigRecord, checkKnownKeys, checkNumber } from '../config-checks.ts';
import { keepState, type MonitorType } from '../monitor-type.ts';

export interface HeartbeatConfig {
  readonly intervalSeconds?: number;
  readonly missedForCritical?: number;
  readonly missedForWarning?: number;
}

export interface HeartbeatMemory {
  readonly lastHeartbeatMs: number | null;
}

export const DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 60;
export const DEFAULT_MISSED_HEARTBEATS_FOR_CRITICAL = 4;

export const heartbeatMonitorType: MonitorType<HeartbeatConfig, HeartbeatMemory> = {
  id: 'heartbeat',
  summary: 'Unhealthy after a number of missed heartbeats.',
  inputKinds: ['heartbeat', 'tick'],
  validateConfig(config) {
    const errors: string[] = [];
    const record = asConfigRecord(config, errors);
    if (!record) return errors;
    checkKnownKeys(record, ['intervalSeconds', 'missedForCritical', 'missedForWarning'], errors);
    checkNumber(record, 'intervalSeconds', { integer: true, min: 1, max: 86_400 }, errors);
    checkNumber(record, 'missedForCritical', { integer: true, min: 1, max: 1000 }, errors);
    checkNumber(record, 'missedForWarning', { integer: true, min: 1, max: 1000 }, errors);
    const { missedForWarning: warning, missedForCritical: critical = DEFAULT_MISSED_HEARTBEATS_FOR_CRITICAL } = record;
    if (typeof warning === 'number' && typeof critical === 'number' && warning >= critical) {
      errors.push(`"missedForWarning" (${warning}) must be less than "missedForCritical" (${critical})`);
    }
    return errors;
  },
  stateModel: (config) => (config.missedForWarning === undefined ? 'two-state' : 'three-state'),
  evaluate(config, previous, input) {
    const memory = previous?.memory ?? { lastHeartbeatMs: null };
    if (input.kind === 'heartbeat') {
      return { state: 'healthy', memory: { lastHeartbeatMs: input.atMs }, context: { summary: 'heartbeat received', observed: { missed: 0 } } };
    }
    if (input.kind !== 'tick') return keepState(previous, memory, { summary: `ignored ${input.kind}`, observed: {} });
    if (memory.lastHeartbeatMs === null) {
      return { state: 'unknown', memory, context: { summary: 'no heartbeat received yet', observed: { reason: 'unmonitored' } } };
    }
    const intervalMs = (config.intervalSeconds ?? DEFAULT_HEARTBEAT_INTERVAL_SECONDS) * 1000;
    const missed = Math.floor((input.atMs - memory.lastHeartbeatMs) / intervalMs);
    const critical = config.missedForCritical ?? DEFAULT_MISSED_HEARTBEATS_FOR_CRITICAL;
    const state =
      missed >= critical ? 'critical' : config.missedForWarning !== undefined && missed >= config.missedForWarning ? 'warning' : 'healthy';
    return {
      state,
      memory,
      context: { summary: `${missed} heartbeat(s) missed`, observed: { missed, lastHeartbeatMs: memory.lastHeartbeatMs } },
    };
  },
};
