// Nagios performance data: `'label'=value[UOM];[warn];[crit];[min];[max]`, items separated by
// spaces. Labels with spaces or '=' are single-quoted; a quote inside is doubled (''). Parsing is
// lenient: a bad item is reported and skipped, the rest still count.
import { parseRange, type NagiosRange } from './nagios-range.ts';

/** Units the guidelines allow: none, time, percent, bytes, and 'c' for a continuous counter. */
export const PERF_UNITS = ['', 's', 'ms', 'us', '%', 'B', 'KB', 'MB', 'GB', 'TB', 'c'] as const;
export type PerfUnit = (typeof PERF_UNITS)[number];

export interface PerfDatum {
  readonly label: string;
  /** null when the plugin printed 'U' (value could not be determined). */
  readonly value: number | null;
  readonly unit: PerfUnit;
  readonly warn?: NagiosRange;
  readonly crit?: NagiosRange;
  readonly min?: number;
  readonly max?: number;
}

export interface PerfDataError {
  /** The offending text, as printed by the plugin. */
  readonly item: string;
  readonly reason: string;
}

export interface PerfDataParse {
  readonly items: readonly PerfDatum[];
  readonly errors: readonly PerfDataError[];
}

const VALUE = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(.*)$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Splits perfdata text into raw items, honouring quoted labels. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const start = i;
    if (text[i] === "'") {
      i++;
      // A quoted label ends at a quote that is not doubled.
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
      // An unclosed quote would swallow every later item: treat it as an ordinary (bad) word instead.
      i = i < text.length ? i + 1 : start;
    }
    while (i < text.length && !/\s/.test(text[i] ?? '')) i++;
    tokens.push(text.slice(start, i));
  }
  return tokens;
}

function parseItem(item: string): PerfDatum | PerfDataError {
  let label: string;
  let rest: string;
  if (item.startsWith("'")) {
    const close = /^'((?:[^']|'')*)'=/.exec(item);
    if (close?.[1] === undefined) return { item, reason: "quoted label is not closed by a quote followed by '='" };
    label = close[1].replace(/''/g, "'");
    rest = item.slice(close[0].length);
  } else {
    const equals = item.indexOf('=');
    if (equals <= 0) return { item, reason: "expected label=value" };
    label = item.slice(0, equals);
    rest = item.slice(equals + 1);
  }
  if (label === '') return { item, reason: 'label is empty' };
  const [valueText = '', warnText = '', critText = '', minText = '', maxText = ''] = rest.split(';');
  let value: number | null;
  let unitText: string;
  if (valueText === 'U') {
    value = null;
    unitText = '';
  } else {
    const match = VALUE.exec(valueText);
    if (match?.[1] === undefined) return { item, reason: `value '${valueText}' is not a number` };
    value = Number(match[1]);
    unitText = match[2] ?? '';
  }
  if (!(PERF_UNITS as readonly string[]).includes(unitText)) return { item, reason: `unit '${unitText}' is not one of ${PERF_UNITS.filter(Boolean).join(', ')}` };
  const datum: { -readonly [K in keyof PerfDatum]: PerfDatum[K] } = { label, value, unit: unitText as PerfUnit };
  for (const [key, text] of [['warn', warnText], ['crit', critText]] as const) {
    if (text === '') continue;
    const parsed = parseRange(text);
    if (!parsed.ok) return { item, reason: `${key} threshold ${parsed.reason}` };
    datum[key] = parsed.range;
  }
  for (const [key, text] of [['min', minText], ['max', maxText]] as const) {
    if (text === '') continue;
    if (!NUMBER.test(text)) return { item, reason: `${key} '${text}' is not a number` };
    datum[key] = Number(text);
  }
  return datum;
}

/** Parses a perfdata string (everything after the '|' separators, joined by spaces). Never throws. */
export function parsePerfData(text: string): PerfDataParse {
  const items: PerfDatum[] = [];
  const errors: PerfDataError[] = [];
  for (const token of tokenize(text)) {
    const parsed = parseItem(token);
    if ('reason' in parsed) errors.push(parsed);
    else items.push(parsed);
  }
  return { items, errors };
}
