// Nagios threshold ranges (Monitoring Plugins development guidelines, "Threshold and ranges"):
// `[@][start:][end]`. "10" alerts outside 0..10; "10:" below 10; "~:10" above 10; "10:20" outside
// 10..20; a leading "@" inverts: alert INSIDE the range. Bounds are inclusive.

export interface NagiosRange {
  /** -Infinity when the text used '~'. */
  readonly start: number;
  /** Infinity when the text ended with ':'. */
  readonly end: number;
  /** True for '@' ranges: a value inside [start, end] raises the alert. */
  readonly inside: boolean;
}

export type RangeParse = { readonly ok: true; readonly range: NagiosRange } | { readonly ok: false; readonly reason: string };

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Parses range text; never throws. Empty text is not a range (callers treat it as "no threshold"). */
export function parseRange(text: string): RangeParse {
  let rest = text.trim();
  const inside = rest.startsWith('@');
  if (inside) rest = rest.slice(1);
  if (rest === '') return { ok: false, reason: `'${text}' is not a range` };
  const colon = rest.indexOf(':');
  let start = 0;
  let end = Infinity;
  if (colon < 0) {
    if (!NUMBER.test(rest)) return { ok: false, reason: `'${text}' is not a range: '${rest}' is not a number` };
    end = Number(rest);
  } else {
    const startText = rest.slice(0, colon);
    const endText = rest.slice(colon + 1);
    if (startText === '~') start = -Infinity;
    else if (NUMBER.test(startText)) start = Number(startText);
    else return { ok: false, reason: `'${text}' is not a range: start '${startText}' is not a number or '~'` };
    if (endText !== '') {
      if (!NUMBER.test(endText)) return { ok: false, reason: `'${text}' is not a range: end '${endText}' is not a number` };
      end = Number(endText);
    }
  }
  if (start > end) return { ok: false, reason: `'${text}' is not a range: start ${start} is greater than end ${end}` };
  return { ok: true, range: { start, end, inside } };
}

/** True when `value` should raise the alert this range describes. */
export function rangeAlerts(range: NagiosRange, value: number): boolean {
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}

/** The canonical text of a range, e.g. for display next to a value. */
export function formatRange(range: NagiosRange): string {
  const start = range.start === -Infinity ? '~' : String(range.start);
  const body = range.end === Infinity ? `${start}:` : range.start === 0 ? String(range.end) : `${start}:${range.end}`;
  return (range.inside ? '@' : '') + body;
}
