// Prometheus exposition scrape: every sample (optionally filtered by a name regex) becomes a perf
// value (counter = metric name, instance = its label set), and thresholds on chosen series make
// the probe fail (critical) or report a warning in its details.
import { elapsedMs, failedOutcome, type Probe, type ProbePerf } from './probe.ts';
import { DEFAULT_PROBE_TIMEOUT_MS, asRecord, knownKeys, requireNumber, requireRegex, requireString } from './probe-config-checks.ts';
import { httpGet } from './http-request.ts';
import { instanceOf, parsePrometheusText, type PrometheusSample } from './prometheus-text-parser.ts';

export interface PrometheusThreshold {
  readonly metric: string;
  /** Only series carrying all these labels; default every series of the metric. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly warningAbove?: number;
  readonly criticalAbove?: number;
  readonly warningBelow?: number;
  readonly criticalBelow?: number;
}

export interface PrometheusProbeConfig {
  readonly url: string;
  readonly include?: string;
  readonly maxSeries?: number;
  readonly thresholds?: readonly PrometheusThreshold[];
  readonly caPem?: string;
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
}

const THRESHOLD_KEYS = ['metric', 'labels', 'warningAbove', 'criticalAbove', 'warningBelow', 'criticalBelow'];

export const prometheusProbe: Probe<PrometheusProbeConfig> = {
  id: 'prometheus',
  summary: 'Scrapes a Prometheus endpoint into performance data, with thresholds.',
  validateConfig(config) {
    const errors: string[] = [];
    const record = asRecord(config, errors);
    if (!record) return errors;
    knownKeys(record, ['url', 'include', 'maxSeries', 'thresholds', 'caPem', 'insecure', 'timeoutMs'], errors);
    requireString(record, 'url', errors);
    requireRegex(record, 'include', errors);
    requireNumber(record, 'maxSeries', errors, { min: 1, max: 100_000 });
    requireNumber(record, 'timeoutMs', errors, { min: 1, max: 120_000 });
    const thresholds = record.thresholds;
    if (thresholds !== undefined && !Array.isArray(thresholds)) errors.push('"thresholds" must be a list');
    (Array.isArray(thresholds) ? thresholds : []).forEach((t: unknown, i) => {
      const sub: string[] = [];
      const tr = asRecord(t, sub);
      if (tr) {
        knownKeys(tr, THRESHOLD_KEYS, sub);
        requireString(tr, 'metric', sub);
        for (const key of THRESHOLD_KEYS.slice(2)) requireNumber(tr, key, sub, { min: -Number.MAX_VALUE, max: Number.MAX_VALUE });
      }
      errors.push(...sub.map((e) => `thresholds[${i}]: ${e}`));
    });
    return errors;
  },
  async run(config, ctx) {
    const start = ctx.clock.monotonicMs();
    const result = await httpGet({
      url: config.url, timeoutMs: config.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, signal: ctx.signal, userAgent: ctx.userAgent,
      caPem: config.caPem, insecure: config.insecure, headers: { accept: 'text/plain;version=0.0.4' },
    });
    const latencyMs = elapsedMs(ctx.clock, start);
    if (result.kind === 'failed') return failedOutcome(`scrape of ${config.url} failed`, result.error, latencyMs, { url: config.url });
    if (result.status !== 200) {
      return { success: false, latencyMs, message: `scrape of ${config.url} answered ${result.status}`, perf: [], details: { url: config.url, status: result.status } };
    }
    const parsed = parsePrometheusText(result.body);
    const include = config.include === undefined ? undefined : new RegExp(config.include);
    const selected = parsed.samples.filter((s) => Number.isFinite(s.value) && (!include || include.test(s.name))).slice(0, config.maxSeries ?? 500);
    const perf: ProbePerf[] = selected.map((s) => {
      const instance = instanceOf(s.labels);
      return instance === '' ? { counter: s.name, value: s.value } : { counter: s.name, value: s.value, instance };
    });
    const breaches = (config.thresholds ?? []).flatMap((t) => parsed.samples.filter((s) => matches(t, s)).map((s) => judge(t, s)).filter((b) => b !== null));
    const critical = breaches.filter((b) => b.level === 'critical');
    const warning = breaches.filter((b) => b.level === 'warning');
    const worst = critical[0] ?? warning[0];
    return {
      success: critical.length === 0,
      latencyMs,
      message: worst ? `${worst.level}: ${worst.text}${breaches.length > 1 ? ` (+${breaches.length - 1} more)` : ''}` : `scraped ${parsed.samples.length} samples in ${latencyMs} ms`,
      perf: [...perf, { counter: 'prometheus.scrape_ms', value: latencyMs }, { counter: 'prometheus.samples', value: parsed.samples.length }],
      details: { url: config.url, samples: parsed.samples.length, parseErrors: parsed.errors.length, thresholdState: critical.length ? 'critical' : warning.length ? 'warning' : 'healthy' },
    };
  },
};

function matches(threshold: PrometheusThreshold, sample: PrometheusSample): boolean {
  if (sample.name !== threshold.metric) return false;
  return Object.entries(threshold.labels ?? {}).every(([k, v]) => sample.labels[k] === v);
}

function judge(t: PrometheusThreshold, s: PrometheusSample): { level: 'warning' | 'critical'; text: string } | null {
  const series = `${s.name}{${instanceOf(s.labels)}} = ${s.value}`;
  if (t.criticalAbove !== undefined && s.value > t.criticalAbove) return { level: 'critical', text: `${series} above ${t.criticalAbove}` };
  if (t.criticalBelow !== undefined && s.value < t.criticalBelow) return { level: 'critical', text: `${series} below ${t.criticalBelow}` };
  if (t.warningAbove !== undefined && s.value > t.warningAbove) return { level: 'warning', text: `${series} above ${t.warningAbove}` };
  if (t.warningBelow !== undefined && s.value < t.warningBelow) return { level: 'warning', text: `${series} below ${t.warningBelow}` };
  return null;
}
