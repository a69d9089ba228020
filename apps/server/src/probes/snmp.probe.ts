// SNMP v1/v2c/v3: `get` of OIDs (optionally comparing one to an expected value), `walk` of a
// subtree, or `interfaces`: IF-MIB status (ifOperStatus) and traffic rates in bits/s from the
// 64-bit octet counters (ifHCInOctets/ifHCOutOctets; 32-bit ifInOctets/ifOutOctets on v1),
// computed against the previous run's counters kept in the probe memory.
import { elapsedMs, failedOutcome, type Probe, type ProbeContext, type ProbeOutcome, type ProbePerf } from './probe.ts';
import { DEFAULT_PROBE_TIMEOUT_MS, asRecord, knownKeys, requireNumber, requireOneOf, requireString } from './probe-config-checks.ts';
import { openSnmpClient, type SnmpClient, type SnmpV3User, type SnmpValue, type SnmpVersion } from './snmp-client.ts';

export interface SnmpProbeConfig {
  readonly host: string;
  readonly port?: number;
  readonly version: SnmpVersion;
  readonly community?: string;
  readonly user?: SnmpV3User;
  readonly operation: 'get' | 'walk' | 'interfaces';
  readonly oids?: readonly string[];
  readonly oid?: string;
  readonly expect?: { readonly oid: string; readonly equals?: string | number; readonly above?: number; readonly below?: number };
  /** interfaces: names (ifDescr) that must be up; default none required. */
  readonly interfaces?: readonly string[];
  readonly timeoutMs?: number;
}

const IF_DESCR = '1.3.6.1.2.1.2.2.1.2';
const IF_OPER_STATUS = '1.3.6.1.2.1.2.2.1.8';
const IF_HC_IN = '1.3.6.1.2.1.31.1.1.1.6';
const IF_HC_OUT = '1.3.6.1.2.1.31.1.1.1.10';
const IF_IN_32 = '1.3.6.1.2.1.2.2.1.10';
const IF_OUT_32 = '1.3.6.1.2.1.2.2.1.16';
const OPER_STATUS = ['', 'up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown'];
const OID = /^\.?\d+(\.\d+)+$/;

interface CounterMemory {
  readonly atMs: number;
  readonly octets: Readonly<Record<string, { in: number; out: number }>>;
}

export const snmpProbe: Probe<SnmpProbeConfig> = {
  id: 'snmp',
  summary: 'SNMP get, walk, or IF-MIB interface status and traffic.',
  validateConfig(config) {
    const errors: string[] = [];
    const r = asRecord(config, errors);
    if (!r) return errors;
    knownKeys(r, ['host', 'port', 'version', 'community', 'user', 'operation', 'oids', 'oid', 'expect', 'interfaces', 'timeoutMs'], errors);
    requireString(r, 'host', errors);
    requireNumber(r, 'port', errors, { min: 1, max: 65535 });
    requireOneOf(r, 'version', ['1', '2c', '3'], errors, true);
    requireOneOf(r, 'operation', ['get', 'walk', 'interfaces'], errors, true);
    requireNumber(r, 'timeoutMs', errors, { min: 1, max: 60_000 });
    if (r.version === '3') {
      const user = asRecord(r.user, errors);
      if (user) {
        requireString(user, 'name', errors);
        requireOneOf(user, 'level', ['noAuthNoPriv', 'authNoPriv', 'authPriv'], errors, true);
        if (user.level !== 'noAuthNoPriv') requireString(user, 'authKey', errors);
        if (user.level === 'authPriv') requireString(user, 'privKey', errors);
      }
    } else {
      requireString(r, 'community', errors, false);
    }
    if (r.operation === 'get' && !(Array.isArray(r.oids) && r.oids.length > 0 && r.oids.every((o) => typeof o === 'string' && OID.test(o)))) {
      errors.push('"oids" must be a non-empty list of numeric OIDs for operation get');
    }
    if (r.operation === 'walk' && !(typeof r.oid === 'string' && OID.test(r.oid))) errors.push('"oid" must be a numeric OID for operation walk');
    return errors;
  },
  async run(config, ctx) {
    const start = ctx.clock.monotonicMs();
    const client = openSnmpClient({ ...config, timeoutMs: config.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS });
    const onAbort = (): void => client.close();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (config.operation === 'interfaces') return await interfaces(client, config, ctx, start);
      const values = config.operation === 'get' ? await client.get(config.oids ?? []) : await client.walk(config.oid ?? '');
      return judgeValues(values, config, elapsedMs(ctx.clock, start));
    } catch (error) {
      return failedOutcome(`SNMP ${config.operation} on ${config.host} failed`, error, elapsedMs(ctx.clock, start), { host: config.host });
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      client.close();
    }
  },
};

function judgeValues(values: readonly SnmpValue[], config: SnmpProbeConfig, latencyMs: number): ProbeOutcome {
  const missing = values.filter((v) => v.error !== undefined);
  const perf: ProbePerf[] = values.filter((v) => typeof v.value === 'number').slice(0, 500).map((v) => ({ counter: 'snmp.value', instance: v.oid, value: v.value as number }));
  const expectation = config.expect ? checkExpectation(values, config.expect) : null;
  const success = values.length > 0 && missing.length === 0 && (expectation === null || expectation.ok);
  const problems = [values.length === 0 ? 'no values returned' : null, ...missing.map((m) => `${m.oid}: ${m.error}`), expectation && !expectation.ok ? expectation.text : null]
    .filter((p): p is string => p !== null);
  const details: Record<string, string | number | null> = { host: config.host, values: values.length };
  for (const v of values.slice(0, 20)) details[v.oid] = v.value;
  return { success, latencyMs, message: success ? `${values.length} value(s) from ${config.host} in ${latencyMs} ms` : `${config.host}: ${problems.join('; ')}`, perf, details };
}

function checkExpectation(values: readonly SnmpValue[], expect: NonNullable<SnmpProbeConfig['expect']>): { ok: boolean; text: string } {
  const found = values.find((v) => v.oid === expect.oid.replace(/^\./, ''));
  if (!found) return { ok: false, text: `${expect.oid} not returned` };
  const value = found.value;
  if (expect.equals !== undefined && String(value) !== String(expect.equals)) return { ok: false, text: `${expect.oid} is ${value}, expected ${expect.equals}` };
  if (expect.above !== undefined && !(Number(value) > expect.above)) return { ok: false, text: `${expect.oid} is ${value}, expected above ${expect.above}` };
  if (expect.below !== undefined && !(Number(value) < expect.below)) return { ok: false, text: `${expect.oid} is ${value}, expected below ${expect.below}` };
  return { ok: true, text: `${expect.oid} is ${value}` };
}

async function interfaces(client: SnmpClient, config: SnmpProbeConfig, ctx: ProbeContext, start: number): Promise<ProbeOutcome> {
  const [inOid, outOid] = config.version === '1' ? [IF_IN_32, IF_OUT_32] : [IF_HC_IN, IF_HC_OUT];
  const byIndex = (values: SnmpValue[], base: string): Map<string, SnmpValue['value']> => new Map(values.map((v) => [v.oid.slice(base.length + 1), v.value]));
  const descr = byIndex(await client.walk(IF_DESCR), IF_DESCR);
  const status = byIndex(await client.walk(IF_OPER_STATUS), IF_OPER_STATUS);
  const inOctets = byIndex(await client.walk(inOid), inOid);
  const outOctets = byIndex(await client.walk(outOid), outOid);
  const latencyMs = elapsedMs(ctx.clock, start);
  const nowMs = ctx.clock.nowMs();
  const previous = ctx.memory.get() as CounterMemory | undefined;
  const octets: Record<string, { in: number; out: number }> = {};
  const perf: ProbePerf[] = [];
  const details: Record<string, string | number> = { host: config.host, interfaces: descr.size };
  for (const [index, name] of descr) {
    const instance = String(name);
    const oper = Number(status.get(index) ?? 4);
    perf.push({ counter: 'if.oper_status', instance, value: oper });
    details[`${instance}.status`] = OPER_STATUS[oper] ?? String(oper);
    const counters = { in: Number(inOctets.get(index) ?? NaN), out: Number(outOctets.get(index) ?? NaN) };
    if (Number.isNaN(counters.in) || Number.isNaN(counters.out)) continue;
    octets[index] = counters;
    const before = previous?.octets[index];
    const seconds = previous ? (nowMs - previous.atMs) / 1000 : 0;
    // A counter that went backwards wrapped or the device restarted: no rate this time.
    if (before && seconds > 0 && counters.in >= before.in && counters.out >= before.out) {
      perf.push({ counter: 'if.in_bps', instance, value: ((counters.in - before.in) * 8) / seconds });
      perf.push({ counter: 'if.out_bps', instance, value: ((counters.out - before.out) * 8) / seconds });
    }
  }
  ctx.memory.set({ atMs: nowMs, octets } satisfies CounterMemory);
  const names = new Map([...descr].map(([index, name]) => [String(name), index]));
  const down = (config.interfaces ?? []).filter((name) => {
    const index = names.get(name);
    return index === undefined || Number(status.get(index)) !== 1;
  });
  const success = descr.size > 0 && down.length === 0;
  return {
    success,
    latencyMs,
    message: success ? `${descr.size} interface(s) on ${config.host}, required ones up` : `${config.host}: ${descr.size === 0 ? 'no interfaces' : `not up: ${down.join(', ')}`}`,
    perf,
    details,
  };
}
