// What the MS does for the agents (and chained gateways) behind one gateway link. The gateway
// announces each agent that links to it with a `hello` (role agent) on its own link — carrying
// the serial of the certificate it verified as capability `certificate-serial:<hex>` — and gets
// `welcome` (or a non-fatal `error`: refused) back, in order. An announced agent is registered in
// the session registry with a handle that wraps what the MS sends it in `deliver`, so config,
// tasks, failover lists and revocations reach it as if it were linked directly. Relayed batches
// keep the agent's (sourceId, seq) and are acked with a plain `ack` for that sourceId.
//
// A gateway relays only for what it served: each announcement is recorded as a relay route
// (source, gateway) in the database, and a relayed message is accepted on a gateway's link only
// for a source with a route through that gateway — from any time and any MS, because the gateway
// forwards its store-and-forward spool later, after restarts and after the agent failed over to
// another gateway. Behind a chain every hello reaches the MS on the top gateway's link, so the
// routes of agents behind chained gateways are through the top gateway, as their relays are.
import type { AgentId, GatewayId } from '@vigil/core';
import type { Hello, ServerMessage, Welcome } from '@vigil/protocol';
import {
  findAgentById, findAgentByName, findGatewayById, findGatewayByName, hasRelayRoute, recordRelayRoute, setAgentGateway,
  type AgentRecord, type Database, type GatewayRecord,
} from '@vigil/store';
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

/** Whom a relayed message is from, or why this gateway may not relay it. */
export type RelaySource =
  | { readonly kind: 'agent'; readonly agent: AgentRecord }
  | { readonly kind: 'gateway'; readonly gateway: GatewayRecord }
  | {
      readonly kind: 'refused';
      /** not-routed: never announced through this gateway; not-enrolled: routed, but not approved (any more). */
      readonly reason: 'not-routed' | 'not-enrolled';
      readonly message: string;
    };

export interface RelayedAgents {
  /** Answers an agent's (or chained gateway's) hello relayed by this gateway; records the relay route. */
  announce(hello: Hello, protocolVersion: number): Promise<AnnounceOutcome>;
  /**
   * The approved agent (or chained gateway) a relayed message with this agentId is from, if it was
   * announced through this gateway at some time; otherwise a refusal. Only answers that accept are
   * cached for the link: a refused source is asked again, as its announcement may come later.
   */
  sourceOf(sourceId: string): Promise<RelaySource>;
  /** A gateway announced on this link (chained behind it), by id. */
  isChainedGateway(id: string): boolean;
  /** Unregisters every agent of this link (the link closed). */
  closeAll(): void;
}

export function createRelayedAgents(deps: LinkDeps, gateway: { id: GatewayId; name: string }, send: (message: ServerMessage) => void): RelayedAgents {
  const handles = new Map<AgentId, AgentSessionHandle>();
  const chained = new Set<string>();
  const accepted = new Map<string, Exclude<RelaySource, { kind: 'refused' }>>();

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

  const announceGateway = async (hello: Hello, serial: string, protocolVersion: number): Promise<AnnounceOutcome> => {
    const chainedGateway = await findGatewayByName(deps.db, hello.agentName);
    if (!chainedGateway || chainedGateway.approvalState !== 'approved') {
      return { kind: 'refused', code: 'not-enrolled', message: `Gateway ${hello.agentName} is not an approved gateway of this group (vigil gateway approve ${hello.agentName}).` };
    }
    if (chainedGateway.certificateSerial !== serial) {
      return { kind: 'refused', code: 'not-enrolled', message: `Gateway ${chainedGateway.name} presented an older certificate (serial ${serial}); it was re-enrolled since.` };
    }
    await recordRelayRoute(deps.db, chainedGateway.id, gateway.id, deps.clock.nowMs());
    chained.add(chainedGateway.id);
    accepted.set(chainedGateway.id, { kind: 'gateway', gateway: chainedGateway });
    return {
      kind: 'welcome',
      agentId: chainedGateway.id as string as AgentId,
      viaGateway: true,
      welcome: welcomeFor(deps, protocolVersion, chainedGateway.id, chainedGateway.highWaterSeq, chainedGateway.failoverServers, deps.defaultHeartbeatIntervalSeconds),
      afterWelcome: async () => undefined,
    };
  };

  const announceAgent = async (hello: Hello, serial: string, protocolVersion: number): Promise<AnnounceOutcome> => {
    const agent = await findAgentByName(deps.db, hello.agentName);
    if (!agent || agent.approvalState !== 'approved') {
      return { kind: 'refused', code: 'not-enrolled', message: `No approved agent named ${hello.agentName} in this group (vigil agent approve ${hello.agentName}).` };
    }
    if (agent.certificateSerial !== serial) {
      return { kind: 'refused', code: 'not-enrolled', message: `Agent ${agent.name} presented an older certificate (serial ${serial}); delete its identity folder so it enrolls again.` };
    }
    const nowMs = deps.clock.nowMs();
    await deps.db.transaction().execute(async (trx) => {
      await setAgentGateway(trx, agent.id, gateway.id);
      await recordRelayRoute(trx, agent.id, gateway.id, nowMs);
    });
    accepted.set(agent.id, { kind: 'agent', agent });
    await deps.linkSetup.prepare({ agentId: agent.id, agentName: agent.name, hostName: hello.hostName });
    register(agent, serial);
    deps.heartbeats.heard(agent.id, nowMs);
    const interval = agent.heartbeatIntervalSeconds || deps.defaultHeartbeatIntervalSeconds;
    const welcome = welcomeFor(deps, protocolVersion, agent.id, agent.highWaterSeq, agent.failoverServers, interval);
    const handle = handles.get(agent.id)!;
    handle.pushed.failoverJson = agent.failoverServers === null ? null : JSON.stringify(agent.failoverServers);
    return { kind: 'welcome', welcome, agentId: agent.id, viaGateway: false, afterWelcome: () => pushAgentControl(deps, handle) };
  };

  const approvedSource = async (sourceId: string): Promise<Exclude<RelaySource, { kind: 'refused' }> | undefined> => {
    const agent = await findAgentById(deps.db, sourceId as AgentId);
    if (agent) return agent.approvalState === 'approved' ? { kind: 'agent', agent } : undefined;
    const chainedGateway = await findGatewayById(deps.db, sourceId as GatewayId);
    return chainedGateway?.approvalState === 'approved' ? { kind: 'gateway', gateway: chainedGateway } : undefined;
  };

  return {
    async announce(hello, protocolVersion) {
      // The serial proves the gateway saw the peer's certificate: what makes the recorded route mean "served".
      const serial = hello.capabilities.find((c) => c.startsWith(CERTIFICATE_SERIAL_CAPABILITY))?.slice(CERTIFICATE_SERIAL_CAPABILITY.length);
      if (serial === undefined) return { kind: 'refused', code: 'forbidden', message: `Gateway ${gateway.name} relayed the hello of ${hello.agentName} without the serial of its certificate.` };
      if (await isRevoked(deps.db, serial)) return { kind: 'refused', code: 'certificate-revoked', message: `The certificate of ${hello.agentName} (serial ${serial}) was revoked by an administrator.` };
      return hello.role === 'gateway' ? announceGateway(hello, serial, protocolVersion) : announceAgent(hello, serial, protocolVersion);
    },
    async sourceOf(sourceId) {
      const known = accepted.get(sourceId);
      if (known) return known;
      if (!(await hasRelayRoute(deps.db, sourceId, gateway.id))) {
        return { kind: 'refused', reason: 'not-routed', message: `Gateway ${gateway.name} relayed a message of ${sourceId}, which was never announced through it.` };
      }
      const source = await approvedSource(sourceId);
      if (!source) return { kind: 'refused', reason: 'not-enrolled', message: `Gateway ${gateway.name} relayed a message of ${sourceId}, which is not an approved agent or gateway of this group.` };
      accepted.set(sourceId, source);
      return source;
    },
    isChainedGateway: (id) => chained.has(id),
    closeAll() {
      for (const handle of handles.values()) deps.sessions.remove(handle);
      handles.clear();
    },
  };
}

async function isRevoked(db: Database, serial: string): Promise<boolean> {
  const row = await db.selectFrom('certificate').select('revoked_at').where('serial', '=', serial).where('revoked_at', 'is not', null).executeTakeFirst();
  return row !== undefined;
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
