// HTTP(S) URL: status in the expected set, optional body regex, and for https the days until the
// server certificate expires (failure below minCertDays). Latency = time to the full response.
import { elapsedMs, failedOutcome, type Probe, type ProbePerf } from './probe.ts';
import { DEFAULT_PROBE_TIMEOUT_MS, asRecord, knownKeys, requireNumber, requireOneOf, requireRegex, requireString } from './probe-config-checks.ts';
import { certificateDaysLeft, httpGet } from './http-request.ts';

export interface HttpProbeConfig {
  readonly url: string;
  readonly method?: 'GET' | 'HEAD';
  /** Accepted status codes; default 200–399. */
  readonly expectStatus?: readonly number[];
  readonly bodyRegex?: string;
  readonly minCertDays?: number;
  readonly caPem?: string;
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
}

export const httpProbe: Probe<HttpProbeConfig> = {
  id: 'http',
  summary: 'Requests a URL; checks status, body and certificate expiry.',
  validateConfig(config) {
    const errors: string[] = [];
    const record = asRecord(config, errors);
    if (!record) return errors;
    knownKeys(record, ['url', 'method', 'expectStatus', 'bodyRegex', 'minCertDays', 'caPem', 'insecure', 'timeoutMs'], errors);
    requireString(record, 'url', errors);
    if (typeof record.url === 'string' && !/^https?:\/\/[^/]/.test(record.url)) errors.push('"url" must start with http:// or https://');
    requireOneOf(record, 'method', ['GET', 'HEAD'], errors);
    const statuses = record.expectStatus;
    if (statuses !== undefined && (!Array.isArray(statuses) || statuses.length === 0 || !statuses.every((s) => Number.isInteger(s) && s >= 100 && s <= 599))) {
      errors.push('"expectStatus" must be a non-empty list of status codes from 100 to 599');
    }
    requireRegex(record, 'bodyRegex', errors);
    requireNumber(record, 'minCertDays', errors, { min: 0, max: 3650 });
    requireString(record, 'caPem', errors, false);
    if (record.insecure !== undefined && typeof record.insecure !== 'boolean') errors.push('"insecure" must be true or false');
    requireNumber(record, 'timeoutMs', errors, { min: 1, max: 120_000 });
    return errors;
  },
  async run(config, ctx) {
    const start = ctx.clock.monotonicMs();
    const result = await httpGet({
      url: config.url, method: config.method, timeoutMs: config.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, signal: ctx.signal, userAgent: ctx.userAgent,
      caPem: config.caPem, insecure: config.insecure,
    });
    const latencyMs = elapsedMs(ctx.clock, start);
    if (result.kind === 'failed') return failedOutcome(`GET ${config.url} failed`, result.error, latencyMs, { url: config.url });
    const statusOk = config.expectStatus ? config.expectStatus.includes(result.status) : result.status >= 200 && result.status < 400;
    const bodyOk = config.bodyRegex === undefined || new RegExp(config.bodyRegex).test(result.body);
    const certDays = certificateDaysLeft(result.certificate, ctx.clock.nowMs());
    const certOk = config.minCertDays === undefined || certDays === null || certDays >= config.minCertDays;
    const perf: ProbePerf[] = [{ counter: 'http.response_ms', value: latencyMs }, { counter: 'http.status', value: result.status }];
    if (certDays !== null) perf.push({ counter: 'http.cert_days_left', value: certDays });
    const problems = [
      statusOk ? null : `status ${result.status}`,
      bodyOk ? null : `body does not match /${config.bodyRegex}/`,
      certOk ? null : `certificate expires in ${certDays} day(s) (minimum ${config.minCertDays})`,
    ].filter((p): p is string => p !== null);
    return {
      success: problems.length === 0,
      latencyMs,
      message: problems.length === 0 ? `${config.url} answered ${result.status} in ${latencyMs} ms` : `${config.url}: ${problems.join('; ')}`,
      perf,
      details: { url: config.url, status: result.status, bodyMatched: bodyOk, certDaysLeft: certDays },
    };
  },
};
