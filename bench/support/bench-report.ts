// A benchmark's result: a table plus notes, printed as Markdown (pasteable into
// docs/benchmarks.md) and saved as JSON under bench/results/ for full runs.
import { cpus, totalmem, release } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export type Cell = string | number | boolean | null | undefined;

export interface BenchReport {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<Readonly<Record<string, Cell>>>;
  readonly notes: readonly string[];
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.versions.node}`;
}

export function formatCell(value: Cell): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '—';
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 });
  }
  return String(value);
}

export function renderReport(report: BenchReport): string {
  const header = `| ${report.columns.join(' | ')} |`;
  const rule = `|${report.columns.map(() => '---').join('|')}|`;
  const body = report.rows.map((row) => `| ${report.columns.map((c) => formatCell(row[c])).join(' | ')} |`);
  const notes = report.notes.map((n) => `- ${n}`);
  return [`### ${report.title}`, '', header, rule, ...body, '', ...notes, ''].join('\n');
}

/** Saves the report as bench/results/NAME.json with the machine and the time. */
export function saveReport(report: BenchReport, command: string): string {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${report.name}.json`);
  writeFileSync(path, `${JSON.stringify({ ...report, command, machine: machineDescription(), atIso: new Date().toISOString() }, null, 2)}\n`);
  return path;
}
