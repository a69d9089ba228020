// Splits Nagios plugin output into its parts (Monitoring Plugins development guidelines, "Plugin
// output"):
//   TEXT OUTPUT | OPTIONAL PERFDATA
//   LONG TEXT LINE 1
//   LONG TEXT LINE N | PERFDATA LINE 2
//   PERFDATA LINE 3
// The first line's perfdata ends at its newline; long text runs until the first later line with a
// '|', after which every line is perfdata.
import { parsePerfData, type PerfDataError, type PerfDatum } from './perfdata.parser.ts';

export interface PluginOutput {
  /** The status line without perfdata: what an alert shows. */
  readonly summary: string;
  readonly longText: readonly string[];
  readonly perfData: readonly PerfDatum[];
  /** Perfdata items that could not be parsed; the rest of the output is still used. */
  readonly perfDataErrors: readonly PerfDataError[];
}

/** Parses plugin stdout. Never throws: garbage becomes a summary line and perfdata errors. */
export function parsePluginOutput(output: string): PluginOutput {
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  const [first = '', ...rest] = lines;
  const firstBar = first.indexOf('|');
  const summary = (firstBar < 0 ? first : first.slice(0, firstBar)).trim();
  const perfParts: string[] = firstBar < 0 ? [] : [first.slice(firstBar + 1)];
  const longText: string[] = [];
  let inPerfData = false;
  for (const line of rest) {
    if (inPerfData) {
      perfParts.push(line);
      continue;
    }
    const bar = line.indexOf('|');
    if (bar < 0) {
      longText.push(line);
    } else {
      if (line.slice(0, bar).trim() !== '') longText.push(line.slice(0, bar));
      perfParts.push(line.slice(bar + 1));
      inPerfData = true;
    }
  }
  while (longText.length > 0 && (longText[longText.length - 1] ?? '').trim() === '') longText.pop();
  const { items, errors } = parsePerfData(perfParts.join(' '));
  return { summary, longText, perfData: items, perfDataErrors: errors };
}
