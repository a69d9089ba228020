// One link from an agent: enrollment-only until the peer has a certificate; then hello →
// welcome, then batches (acked after commit), heartbeats, configuration acks and task results.
// Malformed input gets an error frame and the link is closed; the server carries on.
import type { WebSocket } from 'ws';
import { negotiateVersion, type ClientMessage, type Hello } from '@vigil/protocol';
import { openLinkChannel } from './link-channel.ts';
import type { AgentId } from '@vigil/core';
import type { PeerTrusted } from '@vigil/pki';
import { findAgentByName, type AgentRecord } from '@vigil/store';
import { handleEnrollment } from '../enrollment/enrollment.service.ts';
import type { LinkDeps } from './link-deps.ts';
import type { PeerClass } from './peer-classification.ts';
import { countRefusal } from './link-stats.ts';
import type { AgentSessionHandle } from './session-registry.ts';
import { pushAgentControl, recordConfigAck, recordTaskResult } from './agent-control.ts';

const THROTTLE_PAUSE_MS = 1000;

export function runLinkSession(ws: WebSocket, peer: PeerClass, remoteAddress: string, deps: LinkDeps): void {
  const log = deps.logger.child({ component: 'link', remote: remoteAddress });
  const channel = openLinkChannel(ws, deps.stats, log, 'agent');
  const { send, fail } = channel;
  if (peer.kind === 'refused') return channel.refuse(peer.refusal);

  let handle: AgentSessionHandle | undefined;
  channel.onMessages((message) => dispatch(message));
  ws.on('close', () => {
    if (handle) deps.sessions.remove(handle);
  });

  const dispatch = async (message: ClientMessage): Promise<void> => {
    if (peer.kind === 'enrolling') {
      if (message.kind !== 'enroll-request') return fail('not-enrolled', 'This link has no client certificate: only enroll-request is accepted. Enroll the agent first.');
      deps.stats.enrollments++;
      send(await handleEnrollment(deps, message));
      ws.close(1000, 'enrollment answered');
      return;
    }
    if (!handle) {
      if (message.kind !== 'hello') return fail('unexpected-message', `Expected hello first, got ${message.kind}.`);
      handle = await establish(message, peer.peer);
      return;
    }
    switch (message.kind) {
      case 'batch':
        return onBatch(handle, message.sourceId, message.seq, message.items);
      case 'heartbeat':
        deps.heartbeats.heard(handle.agentId, deps.clock.nowMs());
        return;
      case 'config-ack':
        return recordConfigAck(deps, handle, message);
      case 'task-result':
        return recordTaskResult(deps, handle, message);
      case 'error':
        log.warn({ agent: handle.agentName, code: message.code }, `agent reported: ${message.message}`);
        return;
      default:
        return fail('unexpected-message', `${message.kind} is not expected on an established agent link.`);
    }
  };

  const establish = async (hello: Hello, certificate: PeerTrusted): Promise<AgentSessionHandle | undefined> => {
    const version = negotiateVersion(hello.protocolVersions);
    if (version.kind === 'refused') {
      fail('unsupported-protocol-version', version.message);
      return undefined;
    }
    if (certificate.role !== 'agent' || hello.role !== 'agent' || hello.agentName !== certificate.commonName) {
      countRefusal(deps.stats, 'identity-mismatch');
      fail('forbidden', `The certificate is for ${certificate.role} ${certificate.commonName}, but hello says ${hello.role} ${hello.agentName}.`);
      return undefined;
    }
    // The database, not the periodic cache, is the word on revocation for a new link.
    const revoked = await deps.db.selectFrom('certificate').select('revoked_at').where('serial', '=', certificate.serial).where('revoked_at', 'is not', null).executeTakeFirst();
    if (revoked) {
      countRefusal(deps.stats, 'revoked');
      log.warn({ agent: hello.agentName }, 'link refused: the certificate was revoked');
      fail('certificate-revoked', `The certificate of ${hello.agentName} (serial ${certificate.serial}) was revoked by an administrator.`);
      return undefined;
    }
    const agent = await findAgentByName(deps.db, hello.agentName);
    const refusal = agentRefusal(agent, certificate);
    if (refusal || !agent) {
      countRefusal(deps.stats, 'not-enrolled');
      log.warn({ agent: hello.agentName }, `link refused: ${refusal}`);
      fail('not-enrolled', refusal ?? 'unknown agent');
      return undefined;
    }
    await deps.linkSetup.prepare({ agentId: agent.id, agentName: agent.name, hostName: hello.hostName });
    const session: AgentSessionHandle = {
      agentId: agent.id,
      agentName: agent.name,
      certificateSerial: certificate.serial,
      send,
      close: (code, reason) => ws.close(code, reason),
      pushed: {},
    };
    deps.sessions.add(session);
    // Recorded with the next heartbeat flush (within a second), not in a commit of its own: a
    // management server taking over thousands of agents must not pay one commit per link.
    deps.heartbeats.heard(agent.id, deps.clock.nowMs());
    deps.stats.sessionsEstablished++;
    send({
      kind: 'welcome',
      protocolVersion: version.version,
      managementServerName: deps.serverName,
      groupName: deps.groupName,
      agentId: agent.id,
      heartbeatIntervalSeconds: agent.heartbeatIntervalSeconds || deps.defaultHeartbeatIntervalSeconds,
      failoverServers: (agent.failoverServers ?? []).map(parseAddress),
      committedSeq: agent.highWaterSeq,
    });
    session.pushed.failoverJson = agent.failoverServers === null ? null : JSON.stringify(agent.failoverServers);
    log.info({ agent: agent.name, version: version.version }, 'agent linked');
    await pushAgentControl(deps, session);
    return session;
  };

  const onBatch = async (session: AgentSessionHandle, sourceId: string, seq: number, items: Parameters<LinkDeps['ingest']['submit']>[0]['items']): Promise<void> => {
    if (sourceId !== session.agentId) return fail('forbidden', `Batch source ${sourceId} is not this agent (${session.agentId}).`);
    if (deps.ingest.saturated()) pauseUntilDrained();
    const outcome = await deps.ingest.submit({ source: { agentId: session.agentId as AgentId, agentName: session.agentName, hostName: '' }, seq, items });
    if (outcome.status === 'duplicate') deps.stats.duplicateBatches++;
    deps.stats.batchesAcked++;
    send({ kind: 'ack', sourceId, seq });
  };

  const pauseUntilDrained = (): void => {
    deps.stats.throttles++;
    send({ kind: 'throttle', pauseMs: THROTTLE_PAUSE_MS });
    ws.pause();
    void deps.ingest.whenDrained().then(() => ws.resume());
  };

}

function agentRefusal(agent: AgentRecord | undefined, certificate: PeerTrusted): string | undefined {
  if (!agent) return `No agent named ${certificate.commonName} is enrolled in this group; delete the agent's identity folder so it enrolls again.`;
  if (agent.approvalState !== 'approved') return `Agent ${agent.name} is ${agent.approvalState}; an administrator must approve it (vigil agent approve ${agent.name}).`;
  if (agent.certificateSerial !== certificate.serial) return `Agent ${agent.name} presented an older certificate (serial ${certificate.serial}); it was re-enrolled since. Delete its identity folder so it enrolls again.`;
  return undefined;
}

function parseAddress(text: string): { host: string; port: number } {
  const index = text.lastIndexOf(':');
  return { host: text.slice(0, index).replace(/^\[|\]$/g, ''), port: Number(text.slice(index + 1)) };
}

