// The shape every agentless probe has (one file per probe, *.probe.ts, listed in
// probe-registry.ts). A probe checks one target once and reports a ProbeOutcome; expected
// failures (refused, timed out, wrong answer) are outcomes with success=false, never throws.
// Outcomes feed core's 'probe-result' monitor type (see probe-items.ts).
import type { Clock } from '@vigil/core';

export type DetailValue = string | number | boolean | null;

export interface ProbePerf {
  readonly counter: string;
  readonly value: number;
  readonly instance?: string;
}

export interface ProbeOutcome {
  readonly success: boolean;
  readonly latencyMs: number;
  /** One sentence for people: what was checked and what was found. */
  readonly message: string;
  readonly perf: readonly ProbePerf[];
  readonly details: Readonly<Record<string, DetailValue>>;
}

/** Per-target memory kept between runs by the member that owns the target (e.g. counter rates). */
export interface ProbeMemory {
  get(): unknown;
  set(value: unknown): void;
}

export interface ProbeContext {
  /** Aborted when this member must stop (lost ownership or lease): the probe returns promptly. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly memory: ProbeMemory;
  /** Identifies the prober to the target (HTTP User-Agent). */
  readonly userAgent: string;
}

export interface Probe<TConfig = unknown> {
  readonly id: string;
  readonly summary: string;
  /** Problems with a configuration as sentences naming the field; empty means valid. */
  validateConfig(config: unknown): string[];
  /** `config` has passed validateConfig. */
  run(config: TConfig, ctx: ProbeContext): Promise<ProbeOutcome>;
}

export type AnyProbe = Probe<never>;

/** A failed outcome from an error, keeping its message and code. */
export function failedOutcome(what: string, error: unknown, latencyMs: number, details: Record<string, DetailValue> = {}): ProbeOutcome {
  const err = error as NodeJS.ErrnoException;
  const reason = err?.name === 'AbortError' ? 'aborted' : (err?.code ?? err?.message ?? String(error));
  return { success: false, latencyMs, message: `${what}: ${reason}`, perf: [], details: { ...details, error: String(err?.message ?? error) } };
}

/** Milliseconds since `startMono`, rounded to 0.1 ms. */
export function elapsedMs(clock: Clock, startMono: number): number {
  return Math.round((clock.monotonicMs() - startMono) * 10) / 10;
}
