// TCP port: connects and closes. Success = the connection was accepted within timeoutMs.
import { connect } from 'node:net';
import { elapsedMs, failedOutcome, type Probe } from './probe.ts';
import { DEFAULT_PROBE_TIMEOUT_MS, asRecord, knownKeys, requireNumber, requireString } from './probe-config-checks.ts';

export interface TcpProbeConfig {
  readonly host: string;
  readonly port: number;
  readonly timeoutMs?: number;
}

export const tcpProbe: Probe<TcpProbeConfig> = {
  id: 'tcp',
  summary: 'Connects to a TCP port.',
  validateConfig(config) {
    const errors: string[] = [];
    const record = asRecord(config, errors);
    if (!record) return errors;
    knownKeys(record, ['host', 'port', 'timeoutMs'], errors);
    requireString(record, 'host', errors);
    requireNumber(record, 'port', errors, { min: 1, max: 65535, required: true });
    requireNumber(record, 'timeoutMs', errors, { min: 1, max: 120_000 });
    return errors;
  },
  run(config, ctx) {
    const start = ctx.clock.monotonicMs();
    const target = `${config.host}:${config.port}`;
    return new Promise((resolve) => {
      const socket = connect({ host: config.host, port: config.port, signal: ctx.signal });
      socket.setTimeout(config.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS);
      socket.once('connect', () => {
        const latencyMs = elapsedMs(ctx.clock, start);
        socket.destroy();
        resolve({ success: true, latencyMs, message: `connected to ${target} in ${latencyMs} ms`, perf: [{ counter: 'tcp.connect_ms', value: latencyMs }], details: { target } });
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve({ success: false, latencyMs: elapsedMs(ctx.clock, start), message: `no answer from ${target} within ${config.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS} ms`, perf: [], details: { target } });
      });
      socket.once('error', (error) => resolve(failedOutcome(`cannot connect to ${target}`, error, elapsedMs(ctx.clock, start), { target })));
    });
  },
};
