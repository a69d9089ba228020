// A fleet of simulated agents in one process: started at a given rate (TLS handshakes are the
// expensive part of a ramp), counted together, each with its own link and certificate.
import { readFleetIdentities } from '../support/fleet-identities.ts';
import { createFleetCounters, type FleetCounters } from './fleet-counters.ts';
import type { FleetProfile } from './fleet-profile.ts';
import { SimulatedAgent, type AgentObserver, type ServerAddress } from './simulated-agent.ts';

export interface FleetOptions {
  readonly identitiesPath: string;
  /** Agents [from, to) of the identity cache. */
  readonly from: number;
  readonly to: number;
  readonly servers: readonly ServerAddress[];
  readonly profile: FleetProfile;
  readonly observer: AgentObserver;
}

export interface Fleet {
  readonly agents: readonly SimulatedAgent[];
  readonly counters: FleetCounters;
  /** Starts the agents not started yet, `perSecond` per second; resolves when all are started. */
  startAgents(perSecond: number): Promise<void>;
  unackedBatches(): number;
  stop(): void;
}

export function createFleet(options: FleetOptions): Fleet {
  const identities = readFleetIdentities(options.identitiesPath);
  const counters = createFleetCounters();
  const agents: SimulatedAgent[] = [];
  for (let index = options.from; index < options.to; index++) {
    const identity = identities.agents[index];
    if (!identity) throw new Error(`the identity cache holds ${identities.agents.length} agents; agent ${index} is missing`);
    agents.push(new SimulatedAgent({
      index,
      name: identity.name,
      servers: options.servers,
      tls: { certPem: identity.certPem, keyPem: identities.keys[identity.keyIndex]!.privateKeyPem, caCertPem: identities.caCertPem },
      profile: options.profile,
      counters,
      observer: options.observer,
    }));
  }
  let started = 0;
  return {
    agents,
    counters,
    startAgents(perSecond) {
      const tickMs = 20;
      const perTick = Math.max(1, (perSecond * tickMs) / 1000);
      let budget = 0;
      return new Promise((resolve) => {
        const timer = setInterval(() => {
          budget += perTick;
          while (budget >= 1 && started < agents.length) {
            agents[started++]!.start();
            budget--;
          }
          if (started >= agents.length) {
            clearInterval(timer);
            resolve();
          }
        }, tickMs);
      });
    },
    unackedBatches: () => agents.reduce((sum, agent) => sum + agent.unackedBatches, 0),
    stop() {
      for (const agent of agents) agent.stop();
    },
  };
}
