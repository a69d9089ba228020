// Nagios plugin output: `text | perfdata` on the first line, optional long text and more
// perfdata on later lines; perfdata items are `'label'=value[UOM];warn;crit;min;max`.
// Plugins may print anything, so parsing never throws; items that do not parse are skipped.

/** Nagios reads at most 8 KB of plugin output; so does Vigil. */
export const NAGIOS_MAX_OUTPUT_BYTES = 8192;

export interface PerfdataItem {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly warn?: string;
  readonly crit?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface NagiosOutput {
  readonly text: string;
  readonly perfdata: readonly PerfdataItem[];
  readonly truncated: boolean;
}

const ITEM = /('(?:[^']|'')+'|[^\s=']+)=(-?[\d.]+(?:[eE][-+]?\d+)?)([a-zA-Z%/]*)((?:;[^\s;]*){0,4})/g;

export function parseNagiosOutput(output: string): NagiosOutput {
  const bytes = Buffer.from(output, 'utf8');
  const truncated = bytes.length > NAGIOS_MAX_OUTPUT_BYTES;
  const kept = truncated ? bytes.subarray(0, NAGIOS_MAX_OUTPUT_BYTES).toString('utf8') : output;
  const [first = '', ...rest] = kept.split('\n');
  const bar = first.indexOf('|');
  const text = (bar === -1 ? first : first.slice(0, bar)).trim();
  const perfParts = [bar === -1 ? '' : first.slice(bar + 1)];
  const longBar = rest.join('\n').indexOf('|');
  if (longBar !== -1) perfParts.push(rest.join('\n').slice(longBar + 1));
  return { text, perfdata: parsePerfdata(perfParts.join(' ')), truncated };
}

export function parsePerfdata(perfdata: string): PerfdataItem[] {
  const items: PerfdataItem[] = [];
  for (const match of perfdata.matchAll(ITEM)) {
    const [, rawLabel = '', rawValue = '', unit = '', tail = ''] = match;
    const value = Number(rawValue);
    if (!Number.isFinite(value)) continue;
    const label = rawLabel.startsWith("'") ? rawLabel.slice(1, -1).replaceAll("''", "'") : rawLabel;
    const [, warn, crit, min, max] = tail.split(';');
    items.push({ label, value, unit, ...optional('warn', warn), ...optional('crit', crit), ...numeric('min', min), ...numeric('max', max) });
  }
  return items;
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value ? { [key]: value } : {};
}

function numeric(key: string, value: string | undefined): Record<string, number> {
  const n = value ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? { [key]: n } : {};
}
