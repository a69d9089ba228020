// What the MS does for the agents (and chained gateways) behind one gateway link. The gateway
// announces each agent that links to it with a `hello` (role agent) on its own link — carrying
// the serial of the certificate it verified as capability `certificate-serial:<hex>` — and gets
// `welcome` (or a non-fatal `error`: refused) back, in order. An announced agent is registered in
// the session registry with a handle that wraps what the MS sends it in `deliver`, so config,
// tasks, failover lists and revocations reach it as if it were linked directly. Relayed batches
// keep the agent's (sourceId, seq) and are acked with a plain `ack` for that sourceId.
import type { AgentId, GatewayId } from '@vigil/core';
import type { Hello, ServerMessage, Welcome } from '@vigil/protocol';
import { findAgentByName, findGatewayByName, setAgentGateway, type AgentRecord } from '@vigil/store';
import type { LinkDeps } from './link-deps.ts';
import type { AgentSessionHandle } from './session-registry.ts';
import { pushAgentControl } from './agent-control.ts';

/** Capability a gateway adds to an agent's relayed hello: the serial of the certificate it verified. */
export const CERTIFICATE_SERIAL_CAPABILITY = 'certificate-serial:';

const DELIVERABLE_KINDS: ReadonlySet<string> = new Set(['ack', 'config', 'task-request', 'failover-list', 'throttle', 'error']);

export type AnnounceOutcome =
  | {
      readonly kind: 'welcome';
      readonly welcome: Welcome;
      readonly agentId: AgentId;
      readonly viaGateway: boolean;
      /** Run after the welcome was sent: pushes the agent's config and queued tasks (they must follow it). */
      readonly afterWelcome: () => Promise<void>;
    }
  | { readonly kind: 'refused'; readonly code: 'not-enrolled' | 'certificate-revoked' | 'forbidden'; readonly message: string };

export interface RelayedAgents {
  /** Answers an agent's (or chained gateway's) hello relayed by this gateway. */
  announce(hello: Hello, protocolVersion: number): Promise<AnnounceOutcome>;
  /** The agent (approved, known) whose relayed message arrived; undefined = refuse it. */
  agentFor(agentId: string): Promise<AgentRecord | undefined>;
  /** A gateway announced on this link (chained behind it), by id. */
  isChainedGateway(id: string): boolean;
  /** Unregisters every agent of this link (the link closed). */
  closeAll(): void;
}

export function createRelayedAgents(deps: LinkDeps, gateway: { id: GatewayId; name: string }, send: (message: ServerMessage) => void): RelayedAgents {
  const handles = new Map<AgentId, AgentSessionHandle>();
  const chained = new Set<string>();
  const known = new Map<string, AgentRecord>();

  const register = (agent: AgentRecord, serial: string): void => {
    const previous = handles.get(agent.id);
    if (previous) deps.sessions.remove(previous);
    const handle: AgentSessionHandle = {
      agentId: agent.id,
      agentName: agent.name,
      certificateSerial: serial,
      send(message) {
        if (DELIVERABLE_KINDS.has(message.kind)) send({ kind: 'deliver', agentId: agent.id, message: message as Extract<ServerMessage, { kind: 'ack' }> });
      },
      // The agent's link is the gateway's to close; a fatal error sent above makes it do so.
      close: () => undefined,
      pushed: {},
    };
    handles.set(agent.id, handle);
    deps.sessions.add(handle);
  };

  const announceGateway = async (hello: Hello, protocolVersion: number): Promise<AnnounceOutcome> => {
    const chainedGateway = await findGatewayByName(deps.db, hello.agentName);
    if (!chainedGateway || chainedGateway.approvalState !== 'approved') {
      return { kind: 'refused', code: 'not-enrolled', message: `Gateway ${hello.agentName} is not an approved gateway of this group (vigil gateway approve ${hello.agentName}).` };
    }
    chained.add(chainedGateway.id);
    return {
      kind: 'welcome',
      agentId: chainedGateway.id as string as AgentId,
      viaGateway: true,
      welcome: welcomeFor(deps, protocolVersion, chainedGateway.id, chainedGateway.highWaterSeq, chainedGateway.failoverServers, deps.defaultHeartbeatIntervalSeconds),
      afterWelcome: async () => undefined,
    };
  };

  return {
    async announce(hello, protocolVersion) {
      if (hello.role === 'gateway') return announceGateway(hello, protocolVersion);
      const serial = hello.capabilities.find((c) => c.startsWith(CERTIFICATE_SERIAL_CAPABILITY))?.slice(CERTIFICATE_SERIAL_CAPABILITY.length);
      if (serial === undefined) return { kind: 'refused', code: 'forbidden', message: `Gateway ${gateway.name} relayed the hello of ${hello.agentName} without the serial of its certificate.` };
      const revoked = await deps.db.selectFrom('certificate').select('revoked_at').where('serial', '=', serial).where('revoked_at', 'is not', null).executeTakeFirst();
      if (revoked) return { kind: 'refused', code: 'certificate-revoked', message: `The certificate of ${hello.agentName} (serial ${serial}) was revoked by an administrator.` };
      const agent = await findAgentByName(deps.db, hello.agentName);
      if (!agent || agent.approvalState !== 'approved') {
        return { kind: 'refused', code: 'not-enrolled', message: `No approved agent named ${hello.agentName} in this group (vigil agent approve ${hello.agentName}).` };
      }
      if (agent.certificateSerial !== serial) {
        return { kind: 'refused', code: 'not-enrolled', message: `Agent ${agent.name} presented an older certificate (serial ${serial}); delete its identity folder so it enrolls again.` };
      }
      known.set(agent.id, agent);
      await setAgentGateway(deps.db, agent.id, gateway.id);
      await deps.linkSetup.prepare({ agentId: agent.id, agentName: agent.name, hostName: hello.hostName });
      register(agent, serial);
      deps.heartbeats.heard(agent.id, deps.clock.nowMs());
      const interval = agent.heartbeatIntervalSeconds || deps.defaultHeartbeatIntervalSeconds;
      const welcome = welcomeFor(deps, protocolVersion, agent.id, agent.highWaterSeq, agent.failoverServers, interval);
      const handle = handles.get(agent.id)!;
      handle.pushed.failoverJson = agent.failoverServers === null ? null : JSON.stringify(agent.failoverServers);
      return { kind: 'welcome', welcome, agentId: agent.id, viaGateway: false, afterWelcome: () => pushAgentControl(deps, handle) };
    },
    async agentFor(agentId) {
      const cached = known.get(agentId);
      if (cached) return cached;
      const row = await deps.db.selectFrom('agent').select('name').where('id', '=', agentId).executeTakeFirst();
      const agent = row ? await findAgentByName(deps.db, row.name) : undefined;
      if (!agent || agent.approvalState !== 'approved') return undefined;
      known.set(agentId, agent);
      return agent;
    },
    isChainedGateway: (id) => chained.has(id),
    closeAll() {
      for (const handle of handles.values()) deps.sessions.remove(handle);
      handles.clear();
    },
  };
}

function welcomeFor(deps: LinkDeps, protocolVersion: number, id: string, committedSeq: number, failover: readonly string[] | null, heartbeatIntervalSeconds: number): Welcome {
  return {
    kind: 'welcome',
    protocolVersion,
    managementServerName: deps.serverName,
    groupName: deps.groupName,
    agentId: id,
    heartbeatIntervalSeconds,
    failoverServers: (failover ?? []).map(parseAddress),
    committedSeq,
  };
}


export function parseAddress(text: string): { host: string; port: number } {
  const index = text.lastIndexOf(':');
  return { host: text.slice(0, index).replace(/^\[|\]$/g, ''), port: Number(text.slice(index + 1)) };
}
