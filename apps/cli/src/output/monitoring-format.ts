// Shared human formats for monitoring output: health and severity colours, a terminal sparkline.
import type { AlertView, DisplayStateValue } from '@vigil/protocol';
import type { Tone } from './table.ts';

export const HEALTH_TONE: Readonly<Record<DisplayStateValue, Tone>> = { healthy: 'good', warning: 'warn', critical: 'bad', unknown: 'dim', maintenance: 'dim' };
export const SEVERITY_TONE: Readonly<Record<AlertView['severity'], Tone>> = { critical: 'bad', warning: 'warn', information: 'plain' };

const BARS = '▁▂▃▄▅▆▇█';

/** Values as a one-line sparkline scaled between their min and max (gaps as spaces). */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return '';
  const min = Math.min(...known);
  const span = Math.max(...known) - min;
  return values.map((v) => (v === null ? ' ' : BARS[span === 0 ? 3 : Math.round(((v - min) / span) * (BARS.length - 1))])).join('');
}

/** Number for people: up to 3 significant decimals, no exponent for ordinary values. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}
