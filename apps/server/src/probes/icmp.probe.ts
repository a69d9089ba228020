// ICMP echo through the system `ping` binary (no raw sockets, no privileges needed in Node).
// Success = at least one reply; perf = average round trip and loss.
import { spawn } from 'node:child_process';
import { elapsedMs, failedOutcome, type Probe } from './probe.ts';
import { asRecord, knownKeys, requireNumber, requireString } from './probe-config-checks.ts';

export interface IcmpProbeConfig {
  readonly host: string;
  readonly count?: number;
  readonly timeoutMs?: number;
}

export const icmpProbe: Probe<IcmpProbeConfig> = {
  id: 'icmp',
  summary: 'Pings a host with the system ping command.',
  validateConfig(config) {
    const errors: string[] = [];
    const record = asRecord(config, errors);
    if (!record) return errors;
    knownKeys(record, ['host', 'count', 'timeoutMs'], errors);
    requireString(record, 'host', errors);
    if (typeof record.host === 'string' && record.host.startsWith('-')) errors.push('"host" must be a host name or address');
    requireNumber(record, 'count', errors, { min: 1, max: 10 });
    requireNumber(record, 'timeoutMs', errors, { min: 1000, max: 60_000 });
    return errors;
  },
  run(config, ctx) {
    const count = config.count ?? 1;
    const waitSeconds = Math.max(1, Math.round((config.timeoutMs ?? 2000) / 1000));
    const start = ctx.clock.monotonicMs();
    return new Promise((resolve) => {
      const child = spawn('ping', ['-n', '-c', String(count), '-W', String(waitSeconds), '--', config.host], { signal: ctx.signal, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('error', (error) => resolve(failedOutcome(`cannot ping ${config.host}`, error, elapsedMs(ctx.clock, start), { host: config.host })));
      child.once('close', (code) => {
        const rtt = /= [\d.]+\/([\d.]+)\//.exec(output);
        const loss = /([\d.]+)% packet loss/.exec(output);
        const avgMs = rtt ? Number(rtt[1]) : null;
        const lossPercent = loss ? Number(loss[1]) : 100;
        const success = code === 0 && avgMs !== null;
        const perf = [{ counter: 'icmp.loss_percent', value: lossPercent }, ...(avgMs === null ? [] : [{ counter: 'icmp.rtt_ms', value: avgMs }])];
        resolve({
          success,
          latencyMs: avgMs ?? elapsedMs(ctx.clock, start),
          message: success ? `${config.host} answered in ${avgMs} ms (${lossPercent}% loss)` : `${config.host} did not answer ping (${lossPercent}% loss)`,
          perf,
          details: { host: config.host, lossPercent, exitCode: code },
        });
      });
    });
  },
};
