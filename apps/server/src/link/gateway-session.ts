// One link from a gateway (SCOM's gateway server), on the MS's /link endpoint or on a link the MS
// dialed to a gateway in "management server initiates the connection" mode (gateway-dialer.ts).
// - Without a certificate the gateway may only enroll itself (its upgrade request says
//   `x-vigil-role: gateway`; approval as for agents, certificate role 'gateway').
// - Certified: hello (role gateway) → welcome with the gateway's id; then, multiplexed on this one
//   link: agents' enrollment requests (answered in order with enroll-result), agents' hellos
//   (announce; answered in order with welcome or a non-fatal error), relayed batches, heartbeats,
//   config acks and task results of those agents, and the gateway's own batches and heartbeats.
// Frames are handled one at a time, in order, so answers and acks keep the order of requests.
// Relayed messages are accepted only for sources announced through this gateway (gateway-relay.ts);
// others are refused one by one, without ending the link (refuseRelay); a refused batch is
// answered with `relay-refused` when the gateway's hello offered that capability.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { negotiateVersion, RELAY_REFUSED_CAPABILITY, type ClientMessage, type Hello, type Relay } from '@vigil/protocol';
import { openLinkChannel } from './link-channel.ts';
import type { AgentId, GatewayId } from '@vigil/core';
import type { PeerTrusted } from '@vigil/pki';
import { findGatewayByName, recordGatewaySeen, upsertMonitoringObject, type GatewayRecord } from '@vigil/store';
import { handleEnrollment } from '../enrollment/enrollment.service.ts';
import { handleGatewayEnrollment } from '../enrollment/gateway-enrollment.service.ts';
import type { LinkDeps } from './link-deps.ts';
import type { PeerClass } from './peer-classification.ts';
import { countRefusal } from './link-stats.ts';
import { recordConfigAck, recordTaskResult } from './agent-control.ts';
import { createRelayedAgents, parseAddress, type RelayedAgents, type RelaySource } from './gateway-relay.ts';
import { commitGatewayBatch } from './gateway-own-batch.ts';

/** Header of the WebSocket upgrade by which a gateway without a certificate asks to enroll as a gateway. */
export const GATEWAY_ROLE_HEADER = 'x-vigil-role';
export const GATEWAY_CLASS = 'Vigil.Core.Gateway';
const THROTTLE_PAUSE_MS = 1000;

/** permessage-deflate for gateway links (agents do not offer it, so their links stay uncompressed). */
export const GATEWAY_LINK_DEFLATE = { threshold: 1024, serverNoContextTakeover: false, clientNoContextTakeover: false, zlibDeflateOptions: { level: 6 } } as const;

/** Whether a new link on the MS endpoint belongs to gateway-session rather than the agent session. */
export function isGatewayPeer(peer: PeerClass, request: IncomingMessage): boolean {
  if (peer.kind === 'trusted') return peer.peer.role === 'gateway';
  return peer.kind === 'enrolling' && request.headers[GATEWAY_ROLE_HEADER] === 'gateway';
}

export function gatewayObjectKey(name: string): string {
  return `${GATEWAY_CLASS}:${name}`;
}

export function runGatewaySession(ws: WebSocket, peer: PeerClass, remoteAddress: string, deps: LinkDeps): void {
  const log = deps.logger.child({ component: 'gateway-link', remote: remoteAddress });
  const channel = openLinkChannel(ws, deps.stats, log, 'gateway');
  const { send, fail } = channel;
  if (peer.kind === 'refused') return channel.refuse(peer.refusal);

  let linked: { gateway: GatewayRecord; relayed: RelayedAgents; version: number; answersRefusals: boolean } | undefined;
  const refusedSources = new Set<string>();
  channel.onMessages((message) => dispatch(message));
  ws.on('close', () => {
    if (!linked) return;
    linked.relayed.closeAll();
    log.info({ gateway: linked.gateway.name }, 'gateway link closed');
  });

  const dispatch = async (message: ClientMessage): Promise<void> => {
    if (peer.kind === 'enrolling') {
      if (message.kind !== 'enroll-request') return fail('not-enrolled', 'This gateway link has no client certificate: only enroll-request is accepted.');
      deps.stats.enrollments++;
      send(await handleGatewayEnrollment(deps, message));
      ws.close(1000, 'enrollment answered');
      return;
    }
    if (!linked) {
      if (message.kind !== 'hello') return fail('unexpected-message', `Expected hello first, got ${message.kind}.`);
      linked = await establish(message, peer.peer);
      return;
    }
    const { gateway, relayed } = linked;
    switch (message.kind) {
      case 'enroll-request':
        deps.stats.enrollments++;
        return send(await handleEnrollment(deps, message));
      case 'hello': {
        const outcome = await relayed.announce(message, linked.version);
        if (outcome.kind === 'welcome') {
          send(outcome.welcome);
          await outcome.afterWelcome();
          log.info({ gateway: gateway.name, [message.role]: message.agentName }, `${message.role} linked through gateway`);
        } else {
          countRefusal(deps.stats, outcome.code);
          log.warn({ gateway: gateway.name, agent: message.agentName }, `relayed link refused: ${outcome.message}`);
          send({ kind: 'error', code: outcome.code, message: outcome.message, fatal: false });
        }
        return;
      }
      case 'relay':
        return onRelay(message);
      case 'batch':
        if (message.sourceId !== gateway.id) return fail('forbidden', `Batch source ${message.sourceId} is not this gateway (${gateway.id}); agents' batches travel in relay envelopes.`);
        return onOwnBatch(gateway, message.seq, message.items);
      case 'heartbeat':
        return recordGatewaySeen(deps.db, gateway.id, deps.serverId, deps.clock.nowMs());
      case 'error':
        log.warn({ gateway: gateway.name, code: message.code }, `gateway reported: ${message.message}`);
        return;
      default:
        return fail('unexpected-message', `${message.kind} is not expected on an established gateway link.`);
    }
  };

  const establish = async (hello: Hello, certificate: PeerTrusted): Promise<typeof linked> => {
    const version = negotiateVersion(hello.protocolVersions);
    if (version.kind === 'refused') return void fail('unsupported-protocol-version', version.message);
    if (certificate.role !== 'gateway' || hello.role !== 'gateway' || hello.agentName !== certificate.commonName) {
      countRefusal(deps.stats, 'identity-mismatch');
      return void fail('forbidden', `The certificate is for ${certificate.role} ${certificate.commonName}, but hello says ${hello.role} ${hello.agentName}.`);
    }
    const revoked = await deps.db.selectFrom('certificate').select('revoked_at').where('serial', '=', certificate.serial).where('revoked_at', 'is not', null).executeTakeFirst();
    const gateway = await findGatewayByName(deps.db, hello.agentName);
    const refusal = revoked
      ? `The certificate of gateway ${hello.agentName} (serial ${certificate.serial}) was revoked by an administrator.`
      : !gateway
        ? `No gateway named ${hello.agentName} is enrolled in this group; delete the gateway's identity folder so it enrolls again.`
        : gateway.approvalState !== 'approved'
          ? `Gateway ${gateway.name} is ${gateway.approvalState}; an administrator must approve it (vigil gateway approve ${gateway.name}).`
          : gateway.certificateSerial !== certificate.serial
            ? `Gateway ${gateway.name} presented an older certificate (serial ${certificate.serial}); it was re-enrolled since.`
            : undefined;
    if (refusal !== undefined || !gateway) {
      countRefusal(deps.stats, revoked ? 'revoked' : 'not-enrolled');
      log.warn({ gateway: hello.agentName }, `gateway link refused: ${refusal}`);
      return void fail(revoked ? 'certificate-revoked' : 'not-enrolled', refusal ?? 'unknown gateway');
    }
    const nowMs = deps.clock.nowMs();
    await upsertMonitoringObject(deps.db, {
      classId: GATEWAY_CLASS, objectKey: gatewayObjectKey(gateway.name), displayName: gateway.name, agentId: gateway.id as string as AgentId,
      properties: { gatewayName: gateway.name, hostName: hello.hostName, version: hello.agentVersion }, nowMs,
    });
    await recordGatewaySeen(deps.db, gateway.id, deps.serverId, nowMs);
    deps.stats.sessionsEstablished++;
    send({
      kind: 'welcome',
      protocolVersion: version.version,
      managementServerName: deps.serverName,
      groupName: deps.groupName,
      agentId: gateway.id,
      heartbeatIntervalSeconds: deps.defaultHeartbeatIntervalSeconds,
      failoverServers: (gateway.failoverServers ?? []).map(parseAddress),
      committedSeq: gateway.highWaterSeq,
    });
    log.info({ gateway: gateway.name, version: version.version }, 'gateway linked');
    return {
      gateway: { ...gateway, hostName: hello.hostName },
      relayed: createRelayedAgents(deps, { id: gateway.id, name: gateway.name }, send),
      version: version.version,
      answersRefusals: hello.capabilities.includes(RELAY_REFUSED_CAPABILITY),
    };
  };

  const onRelay = async (relay: Relay): Promise<void> => {
    const { gateway, relayed } = linked!;
    if (relay.viaGatewayId !== gateway.id && !relayed.isChainedGateway(relay.viaGatewayId)) {
      return fail('forbidden', `Relay via ${relay.viaGatewayId} on the link of gateway ${gateway.name} (${gateway.id}).`);
    }
    const source = await relayed.sourceOf(relay.agentId);
    if (source.kind === 'refused') return refuseRelay(gateway, relay, source);
    const inner = relay.message;
    if (source.kind === 'gateway') {
      if (inner.kind === 'batch') return onOwnBatch({ id: source.gateway.id, name: source.gateway.name, hostName: '' }, inner.seq, inner.items);
      if (inner.kind === 'heartbeat') return recordGatewaySeen(deps.db, source.gateway.id, deps.serverId, deps.clock.nowMs());
      return;
    }
    const { agent } = source;
    const handle = { agentId: agent.id, agentName: agent.name, certificateSerial: agent.certificateSerial ?? '', send: () => undefined, close: () => undefined, pushed: {} };
    switch (inner.kind) {
      case 'batch': {
        if (deps.ingest.saturated()) pauseUntilDrained();
        const outcome = await deps.ingest.submit({ source: { agentId: agent.id as AgentId, agentName: agent.name, hostName: agent.hostName }, seq: inner.seq, items: inner.items });
        if (outcome.status === 'duplicate') deps.stats.duplicateBatches++;
        deps.stats.batchesAcked++;
        return send({ kind: 'ack', sourceId: inner.sourceId, seq: inner.seq });
      }
      case 'heartbeat':
        return deps.heartbeats.heard(agent.id, deps.clock.nowMs());
      case 'config-ack':
        return recordConfigAck(deps, handle, inner);
      case 'task-result':
        return recordTaskResult(deps, handle, inner);
    }
  };

  // A relayed message of a source this gateway may not relay for (gateway-relay.ts, sourceOf) is
  // refused: nothing written and never an ack. Not a fatal error: the gateway would reconnect and
  // resend the same spooled batch first, forever, and its other agents' data would stop with it.
  // Not an error frame either: on a gateway link a non-fatal error answers the oldest pending hello.
  // A refused batch is answered with `relay-refused` for its pair (once per relayed batch), so the
  // gateway frees the batch's slot of its in-flight window (maxInFlightBatches) and sets it aside
  // in its spool, where it may be accepted on a later link once the source is routed and approved.
  // A gateway that did not offer the capability (older than the message) gets the old silence: its
  // batch holds its slot until the link ends. Every refusal is counted; one warning per source and
  // link, so a gateway replaying a large spool cannot flood the log.
  const refuseRelay = (gateway: GatewayRecord, relay: Relay, refusal: Extract<RelaySource, { kind: 'refused' }>): void => {
    countRefusal(deps.stats, `relay-${refusal.reason}`);
    const inner = relay.message;
    const answered = inner.kind === 'batch' && linked!.answersRefusals;
    if (answered) send({ kind: 'relay-refused', agentId: relay.agentId, seq: inner.seq, code: refusal.reason, message: refusal.message });
    if (refusedSources.has(relay.agentId)) return;
    refusedSources.add(relay.agentId);
    const fate = inner.kind !== 'batch'
      ? 'dropped'
      : answered
        ? 'answered with relay-refused, not acknowledged: the gateway sets it aside in its spool'
        : 'not acknowledged: the gateway keeps it in its spool and offers it again on its next link';
    log.warn(
      { gateway: gateway.name, agentId: relay.agentId, relayed: inner.kind, reason: refusal.reason },
      `relayed ${inner.kind} refused, nothing written (${fate}): ${refusal.message} Further refusals for ${relay.agentId} on this link are only counted (link stats: refused.relay-${refusal.reason}).`,
    );
  };

  const onOwnBatch = async (gateway: { id: GatewayId; name: string; hostName: string }, seq: number, items: Parameters<typeof commitGatewayBatch>[3]): Promise<void> => {
    if (deps.ingest.saturated()) pauseUntilDrained();
    const status = await commitGatewayBatch(deps, gateway, seq, items);
    if (status === 'duplicate') deps.stats.duplicateBatches++;
    deps.stats.batchesAcked++;
    send({ kind: 'ack', sourceId: gateway.id, seq });
  };

  const pauseUntilDrained = (): void => {
    deps.stats.throttles++;
    send({ kind: 'throttle', pauseMs: THROTTLE_PAUSE_MS });
    ws.pause();
    void deps.ingest.whenDrained().then(() => ws.resume());
  };
}
