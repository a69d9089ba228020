// Diagnostic for benchmarks on SQLite: node:sqlite runs every statement synchronously on the
// event loop, so a CPU profile shows only "run"/"all" without the query. This wraps the
// StatementSync and DatabaseSync prototypes of this process to total the wall time per SQL text.
// Only for benchmark processes (management-server-child --sql-profile); never in production code.
import { DatabaseSync, StatementSync } from 'node:sqlite';

export interface StatementTiming {
  readonly sql: string;
  readonly count: number;
  readonly totalMs: number;
}

const timings = new Map<string, { count: number; totalMs: number }>();

function record(sql: string, started: number): void {
  const key = sql.replace(/\s+/g, ' ').slice(0, 160);
  const entry = timings.get(key) ?? { count: 0, totalMs: 0 };
  entry.count++;
  entry.totalMs += performance.now() - started;
  timings.set(key, entry);
}

export function installSqliteStatementProfiler(): void {
  const statement = StatementSync.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['run', 'all', 'get', 'iterate'] as const) {
    const original = statement[method]!;
    statement[method] = function (this: StatementSync, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record(this.sourceSQL, started);
      }
    };
  }
  const database = DatabaseSync.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const exec = database.exec!;
  database.exec = function (this: DatabaseSync, ...args: unknown[]) {
    const started = performance.now();
    try {
      return exec.apply(this, args);
    } finally {
      record(String(args[0]), started);
    }
  };
}

/** The statements that took the most wall time so far, most first. */
export function topStatements(limit: number): StatementTiming[] {
  return [...timings].map(([sql, t]) => ({ sql, ...t })).sort((a, b) => b.totalMs - a.totalMs).slice(0, limit);
}
