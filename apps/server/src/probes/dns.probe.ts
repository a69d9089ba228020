// DNS query against a chosen server (node:dns Resolver, one try). Success = an answer arrived and,
// when `expect` is set, one answer equals it (case-insensitive for names).
import { Resolver } from 'node:dns/promises';
import { elapsedMs, failedOutcome, type Probe } from './probe.ts';
import { DEFAULT_PROBE_TIMEOUT_MS, asRecord, knownKeys, requireNumber, requireOneOf, requireString } from './probe-config-checks.ts';

const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'SRV', 'TXT'] as const;
type RecordType = (typeof RECORD_TYPES)[number];

export interface DnsProbeConfig {
  readonly name: string;
  /** "host:port" or "host" (port 53); IPv6 as "[::1]:5353". */
  readonly server: string;
  readonly recordType?: RecordType;
  readonly expect?: string;
  readonly timeoutMs?: number;
}

export const dnsProbe: Probe<DnsProbeConfig> = {
  id: 'dns',
  summary: 'Queries a DNS server for a record and checks the answer.',
  validateConfig(config) {
    const errors: string[] = [];
    const record = asRecord(config, errors);
    if (!record) return errors;
    knownKeys(record, ['name', 'server', 'recordType', 'expect', 'timeoutMs'], errors);
    requireString(record, 'name', errors);
    requireString(record, 'server', errors);
    requireOneOf(record, 'recordType', RECORD_TYPES, errors);
    requireString(record, 'expect', errors, false);
    requireNumber(record, 'timeoutMs', errors, { min: 1, max: 60_000 });
    return errors;
  },
  async run(config, ctx) {
    const recordType = config.recordType ?? 'A';
    const resolver = new Resolver({ timeout: config.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, tries: 1 });
    const start = ctx.clock.monotonicMs();
    const onAbort = (): void => resolver.cancel();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      resolver.setServers([config.server]);
      const raw = (await resolver.resolve(config.name, recordType)) as unknown[];
      const latencyMs = elapsedMs(ctx.clock, start);
      const answers = raw.map(renderAnswer);
      const matched = config.expect === undefined || answers.some((a) => a.toLowerCase() === config.expect!.toLowerCase());
      return {
        success: answers.length > 0 && matched,
        latencyMs,
        message: matched ? `${config.name} ${recordType} = ${answers.join(', ')} (${latencyMs} ms)` : `${config.name} ${recordType} = ${answers.join(', ')}, expected ${config.expect}`,
        perf: [{ counter: 'dns.query_ms', value: latencyMs }, { counter: 'dns.answers', value: answers.length }],
        details: { name: config.name, recordType, answers: answers.join(', '), matched },
      };
    } catch (error) {
      return failedOutcome(`${recordType} query for ${config.name} at ${config.server} failed`, error, elapsedMs(ctx.clock, start), { name: config.name });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  },
};

function renderAnswer(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (Array.isArray(answer)) return answer.join('');
  const record = answer as Record<string, unknown>;
  if ('exchange' in record) return `${String(record.priority)} ${String(record.exchange)}`;
  if ('name' in record && 'port' in record) return `${String(record.priority)} ${String(record.weight)} ${String(record.port)} ${String(record.name)}`;
  return JSON.stringify(answer);
}
