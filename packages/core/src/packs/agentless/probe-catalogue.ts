// The one thing pack validation needs from the management server's probe registry (apps/server
// src/probes). Owned here, by the consumer, so core never imports the server; the server passes
// an adapter over its registry when it validates or imports a pack.

export interface ProbeCatalogue {
  /** True when a `kind: probe` monitor source may name this probe. */
  has(probe: string): boolean;
  /** Problems with a probe configuration, as sentences naming the field (`"url" must ...`); empty when valid. */
  validateConfig(probe: string, config: unknown): string[];
  /** Every probe name, for messages. */
  ids(): readonly string[];
}

/** The probes Vigil's management server ships; without a ProbeCatalogue only the name is checked. */
export const BUILT_IN_PROBES: readonly string[] = ['icmp', 'tcp', 'http', 'dns', 'snmp', 'prometheus'];
