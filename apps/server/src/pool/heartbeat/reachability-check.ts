// Is a computer reachable? ICMP ping through the system ping command first; when ping is not
// installed or gets no answer and a TCP port is configured, a TCP connect to that port decides
// (ICMP is often filtered where TCP is not).
import type { Clock } from '@vigil/core';
import { icmpProbe } from '../../probes/icmp.probe.ts';
import { tcpProbe } from '../../probes/tcp.probe.ts';
import type { ProbeContext } from '../../probes/probe.ts';

export interface ReachabilityResult {
  readonly reachable: boolean;
  readonly method: 'icmp' | 'tcp';
  readonly message: string;
}

export type ReachabilityCheck = (host: string, signal: AbortSignal) => Promise<ReachabilityResult>;

export interface ReachabilityOptions {
  readonly clock: Clock;
  readonly tcpPort?: number;
  readonly timeoutMs?: number;
}

export function createReachabilityCheck(options: ReachabilityOptions): ReachabilityCheck {
  return async (host, signal) => {
    const ctx: ProbeContext = { signal, clock: options.clock, memory: { get: () => undefined, set: () => {} }, userAgent: 'Vigil-Reachability' };
    const timeoutMs = options.timeoutMs ?? 2000;
    const ping = await icmpProbe.run({ host, count: 1, timeoutMs: Math.max(1000, timeoutMs) }, ctx);
    if (ping.success || options.tcpPort === undefined) return { reachable: ping.success, method: 'icmp', message: ping.message };
    const tcp = await tcpProbe.run({ host, port: options.tcpPort, timeoutMs }, ctx);
    return { reachable: tcp.success, method: 'tcp', message: `${ping.message}; ${tcp.message}` };
  };
}
