// Every agentless probe, by id. Adding a probe = one *.probe.ts file and one line here.
import type { AnyProbe, Probe } from './probe.ts';
import { icmpProbe } from './icmp.probe.ts';
import { tcpProbe } from './tcp.probe.ts';
import { httpProbe } from './http.probe.ts';
import { dnsProbe } from './dns.probe.ts';
import { snmpProbe } from './snmp.probe.ts';
import { prometheusProbe } from './prometheus.probe.ts';

const PROBES: readonly Probe<never>[] = [icmpProbe, tcpProbe, httpProbe, dnsProbe, snmpProbe, prometheusProbe] as readonly Probe<never>[];

export const PROBE_REGISTRY: ReadonlyMap<string, AnyProbe> = new Map(PROBES.map((p) => [p.id, p]));

export function probeIds(): string[] {
  return [...PROBE_REGISTRY.keys()];
}

/** Problems with `{ probe, config }`; an unknown probe id is one problem naming the known ones. */
export function validateProbe(probeId: string, config: unknown): string[] {
  const probe = PROBE_REGISTRY.get(probeId);
  if (!probe) return [`probe "${probeId}" does not exist (known: ${probeIds().join(', ')})`];
  return probe.validateConfig(config);
}
