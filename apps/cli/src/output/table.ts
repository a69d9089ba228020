// Human output: aligned tables, with colour only on a terminal that wants it (NO_COLOR unset).
import { cliEnvironment } from '../console/cli-environment.ts';

export type Tone = 'good' | 'warn' | 'bad' | 'dim' | 'plain';

const ANSI: Readonly<Record<Tone | 'bold', string>> = { good: '\x1b[32m', warn: '\x1b[33m', bad: '\x1b[31m', dim: '\x1b[2m', plain: '', bold: '\x1b[1m' };

export function paint(text: string, tone: Tone | 'bold'): string {
  if (!cliEnvironment().colour || tone === 'plain') return text;
  return `${ANSI[tone]}${text}\x1b[0m`;
}

export interface Cell {
  readonly text: string;
  readonly tone?: Tone;
}

export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | Cell;
}

/** Renders rows as a table; an empty list prints `empty` instead. */
export function renderTable<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>, empty = 'Nothing to show.'): string {
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((row) => columns.map((c) => {
    const value = c.value(row);
    return typeof value === 'string' ? { text: value, tone: 'plain' as Tone } : { text: value.text, tone: value.tone ?? 'plain' };
  }));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.text.length)));
  const line = (parts: string[]): string => parts.join('  ').trimEnd();
  const header = line(columns.map((c, i) => paint(c.header.padEnd(widths[i]!), 'bold')));
  const body = cells.map((r) => line(r.map((cell, i) => paint(cell.text.padEnd(widths[i]!), cell.tone))));
  return [header, ...body].join('\n') + '\n';
}

/** Epoch ms as local "YYYY-MM-DD HH:MM:SS", or "-" for null. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
