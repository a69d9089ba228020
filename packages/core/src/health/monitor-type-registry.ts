// The registry of unit monitor types. Adding a type = one file in monitor-types/ plus one line
// in BUILTIN_MONITOR_TYPES. Pack validation sees only the MonitorTypeCatalogue port.
import { VigilError } from '../errors/vigil-error.ts';
import type { MonitorStateModel } from './health-state.ts';
import type { AnyMonitorType, MonitorEvaluation, MonitorInput, MonitorSnapshot } from './monitor-type.ts';
import { averageThresholdMonitorType } from './monitor-types/average-threshold.monitor-type.ts';
import { consecutiveThresholdMonitorType } from './monitor-types/consecutive-threshold.monitor-type.ts';
import { deltaThresholdMonitorType } from './monitor-types/delta-threshold.monitor-type.ts';
import { heartbeatMonitorType } from './monitor-types/heartbeat.monitor-type.ts';
import { logMatchMonitorType } from './monitor-types/log-match.monitor-type.ts';
import { nagiosPluginMonitorType } from './monitor-types/nagios-plugin.monitor-type.ts';
import { probeResultMonitorType } from './monitor-types/probe-result.monitor-type.ts';
import { serviceStateMonitorType } from './monitor-types/service-state.monitor-type.ts';
import { thresholdMonitorType } from './monitor-types/threshold.monitor-type.ts';

export const BUILTIN_MONITOR_TYPES: readonly AnyMonitorType[] = [
  thresholdMonitorType,
  consecutiveThresholdMonitorType,
  averageThresholdMonitorType,
  deltaThresholdMonitorType,
  nagiosPluginMonitorType,
  logMatchMonitorType,
  serviceStateMonitorType,
  heartbeatMonitorType,
  probeResultMonitorType,
];


/** A monitor type bound to one validated configuration, ready to evaluate inputs. */
export interface CompiledMonitor {
  readonly typeId: string;
  readonly stateModel: MonitorStateModel;
  /** Throws VALIDATION_FAILED when the input kind is not one the type accepts. */
  evaluate(previous: MonitorSnapshot<unknown> | undefined, input: MonitorInput): MonitorEvaluation<unknown>;
}

/**
 * Satisfies the packs' MonitorTypeCatalogue port (has + validateConfig) structurally; that port
 * is owned by its consumer, so it is not declared again here.
 */
export interface MonitorTypeRegistry {
  has(typeId: string): boolean;
  /** Problems with `config` for `typeId`; an unknown type is itself one problem. Never throws. */
  validateConfig(typeId: string, config: unknown): string[];
  /** Throws NOT_FOUND for an unknown type. */
  get(typeId: string): AnyMonitorType;
  ids(): string[];
  /** Validates once; throws VALIDATION_FAILED listing every problem, or NOT_FOUND. */
  compile(typeId: string, config: unknown): CompiledMonitor;
}

/** Throws VALIDATION_FAILED when two types share an id (a plugin registered twice). */
export function createMonitorTypeRegistry(types: readonly AnyMonitorType[] = BUILTIN_MONITOR_TYPES): MonitorTypeRegistry {
  const byId = new Map<string, AnyMonitorType>();
  for (const type of types) {
    if (byId.has(type.id)) throw new VigilError('VALIDATION_FAILED', { what: `Monitor type ${type.id} is registered twice.` });
    byId.set(type.id, type);
  }
  const get = (typeId: string): AnyMonitorType => {
    const type = byId.get(typeId);
    if (!type) throw new VigilError('NOT_FOUND', { what: 'Monitor type', id: typeId });
    return type;
  };
  return {
    has: (typeId) => byId.has(typeId),
    ids: () => [...byId.keys()],
    get,
    validateConfig(typeId, config) {
      const type = byId.get(typeId);
      if (!type) return [`unknown monitor type "${typeId}"; known types: ${[...byId.keys()].join(', ')}`];
      return type.validateConfig(config);
    },
    compile(typeId, config) {
      const type = get(typeId);
      const errors = type.validateConfig(config);
      if (errors.length > 0) {
        throw new VigilError('VALIDATION_FAILED', { what: `Monitor type ${typeId} configuration is invalid: ${errors.join('; ')}.` });
      }
      return {
        typeId,
        stateModel: type.stateModel(config),
        evaluate(previous, input) {
          if (!type.inputKinds.includes(input.kind)) {
            throw new VigilError('VALIDATION_FAILED', {
              what: `Monitor type ${typeId} does not accept ${input.kind} input; it accepts ${type.inputKinds.join(', ')}.`,
            });
          }
          return type.evaluate(config, previous, input);
        },
      };
    },
  };
}
