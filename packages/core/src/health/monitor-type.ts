// The shape every unit monitor type has. A type is a plugin: an id, a validator for its
// configuration (clear sentences for pack validation) and a pure evaluator
// `(config, previous, input) -> { state, memory, context }`. Types live one per file under
// monitor-types/ and are listed in monitor-type-registry.ts; nothing else branches on a type id.
import type { HealthState, MonitorStateModel } from './health-state.ts';

/** What reaches a monitor. One union for all types; each type declares the kinds it accepts. */
export type MonitorInput =
  | { readonly kind: 'sample'; readonly atMs: number; readonly value: number }
  | { readonly kind: 'plugin-result'; readonly atMs: number; readonly exitCode: number; readonly output: string }
  | { readonly kind: 'log-lines'; readonly atMs: number; readonly lines: readonly string[] }
  | { readonly kind: 'service-status'; readonly atMs: number; readonly status: string }
  | { readonly kind: 'heartbeat'; readonly atMs: number }
  | {
      readonly kind: 'probe-result';
      readonly atMs: number;
      readonly success: boolean;
      readonly latencyMs?: number;
      readonly detail?: string;
    }
  /** Time passed without data: drives timed resets and missed-heartbeat counting. */
  | { readonly kind: 'tick'; readonly atMs: number }
  /** An operator reset the monitor (SCOM "Reset Health"). */
  | { readonly kind: 'manual-reset'; readonly atMs: number; readonly by: string };

export type MonitorInputKind = MonitorInput['kind'];

export type ContextValue = string | number | boolean | null;

/** What caused a state: a sentence for people and the observed values for machines. */
export interface MonitorContext {
  readonly summary: string;
  readonly observed: Readonly<Record<string, ContextValue>>;
}

/** The monitor's state as of its last evaluation, with the type's private memory. */
export interface MonitorSnapshot<TMemory> {
  readonly state: HealthState;
  readonly memory: TMemory;
}

export interface MonitorEvaluation<TMemory> extends MonitorSnapshot<TMemory> {
  readonly context: MonitorContext;
}

export interface MonitorType<TConfig, TMemory> {
  readonly id: string;
  readonly summary: string;
  readonly inputKinds: readonly MonitorInputKind[];
  /** Problems with a configuration as sentences naming the field; empty means valid. */
  validateConfig(config: unknown): string[];
  /** 2-state or 3-state, as the (valid) configuration makes it. */
  stateModel(config: TConfig): MonitorStateModel;
  /**
   * Pure. `config` has passed validateConfig; `previous` is undefined on the first evaluation;
   * `input.kind` is one of inputKinds (the registry guarantees both).
   */
  evaluate(config: TConfig, previous: MonitorSnapshot<TMemory> | undefined, input: MonitorInput): MonitorEvaluation<TMemory>;
}

/** A type with its config and memory types erased, as the registry holds it. */
export type AnyMonitorType = MonitorType<unknown, unknown>;

/** The state a monitor keeps when an input changes nothing (first evaluation: healthy). */
export function keepState<TMemory>(
  previous: MonitorSnapshot<TMemory> | undefined,
  memory: TMemory,
  context: MonitorContext,
): MonitorEvaluation<TMemory> {
  return { state: previous?.state ?? 'healthy', memory, context };
}
