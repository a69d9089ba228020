// Options every benchmark understands, parsed once by bench/run.ts. A benchmark reads what it
// needs and applies its own defaults (full run) or small values (--smoke).
import type { DialectName } from '@vigil/store/testing';

export interface BenchOptions {
  /** Small and quick: a functional check, not a measurement. */
  readonly smoke: boolean;
  readonly dialects: readonly DialectName[];
  readonly agents?: number;
  readonly seconds?: number;
  /** Agent links opened per second while ramping. */
  readonly rate?: number;
  /** Write V8 CPU profiles of the management server(s) into this folder. */
  readonly cpuProfDir?: string;
  /** Benchmark-specific values (--key=value pairs not listed above). */
  readonly extra: Readonly<Record<string, string>>;
  log(line: string): void;
}

export function parseDialects(value: string | undefined, fallback: readonly DialectName[]): readonly DialectName[] {
  if (value === undefined) return fallback;
  if (value === 'both' || value === 'all') return ['sqlite', 'postgres'];
  const names = value.split(',');
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'postgres') throw new Error(`--db must be sqlite, postgres or both, got ${JSON.stringify(value)}`);
  }
  return names as DialectName[];
}

export function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${JSON.stringify(value)}`);
  return n;
}
