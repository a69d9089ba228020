// Parses the Prometheus text exposition format (version 0.0.4): `# HELP`/`# TYPE` lines, samples
// `name{label="value",...} value [timestamp]`, escapes \\ \" \n in label values, and the special
// values NaN, +Inf, -Inf. Malformed lines are reported, not thrown, so one bad line does not hide
// the rest of a scrape.

export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface PrometheusParseResult {
  readonly samples: readonly PrometheusSample[];
  /** Metric family types from `# TYPE` lines (counter, gauge, histogram, summary, untyped). */
  readonly types: ReadonlyMap<string, string>;
  readonly errors: readonly string[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

export function parsePrometheusText(text: string): PrometheusParseResult {
  const samples: PrometheusSample[] = [];
  const types = new Map<string, string>();
  const errors: string[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      return;
    }
    const sample = parseSample(line);
    if (typeof sample === 'string') errors.push(`line ${index + 1}: ${sample}`);
    else samples.push(sample);
  });
  return { samples, types, errors };
}

function parseSample(line: string): PrometheusSample | string {
  const name = NAME.exec(line)?.[0];
  if (!name) return 'expected a metric name';
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (typeof parsed === 'string') return parsed;
    Object.assign(labels, parsed.labels);
    rest = rest.slice(parsed.length);
  }
  const parts = rest.trim().split(/\s+/);
  if (parts.length < 1 || parts[0] === '' || parts.length > 2) return 'expected a value and an optional timestamp';
  const value = parseValue(parts[0]!);
  if (value === undefined) return `"${parts[0]}" is not a number`;
  if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) return `"${parts[1]}" is not a timestamp`;
  return parts[1] === undefined ? { name, labels, value } : { name, labels, value, timestampMs: Number(parts[1]) };
}

function parseLabels(text: string): { labels: Record<string, string>; length: number } | string {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    while (text[i] === ' ' || text[i] === ',') i++;
    if (text[i] === '}') return { labels, length: i + 1 };
    const label = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i))?.[0];
    if (!label) return 'expected a label name';
    i += label.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') return `expected ="..." after label ${label}`;
    i += 2;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return `unterminated value of label ${label}`;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    labels[label] = value;
    i++;
  }
}

function parseValue(text: string): number | undefined {
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = Number(text);
  return text !== '' && !Number.isNaN(value) ? value : undefined;
}

/** The label set as a stable instance name: `k1="v1",k2="v2"` sorted by key; '' without labels. */
export function instanceOf(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(',');
}
