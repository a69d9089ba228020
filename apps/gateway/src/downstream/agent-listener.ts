// Where agents (and gateways chained behind this one) link to the gateway: the same /link
// WebSocket over TLS 1.3 as a management server's, served with the gateway's certificate (role
// gateway, which agents accept). As on an MS, a link without a client certificate may only
// enroll: the request is passed upstream and the MS's answer handed back. Certificates must be
// from the group CA with role agent or gateway; revocation is the MS's check when the agent's
// hello is announced (the gateway passes the serial it verified).
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { VigilError } from '@vigil/core/errors';
import type { Logger } from '@vigil/core/logging';
import type { Clock } from '@vigil/core/time';
import { verifyPeerCertificate, type Identity } from '@vigil/pki';
import { MAX_FRAME_BYTES, type Deliver } from '@vigil/protocol/link';
import { downstreamLink, type DownstreamLink } from '../link/frame-link.ts';
import { GATEWAY_ROLE_HEADER, DEFLATE_OPTIONS } from '../upstream/upstream-dial.ts';
import type { UpstreamSession } from '../upstream/upstream-session.ts';
import type { RelaySpool } from '../spool/relay-spool.ts';
import { runDownstreamSession, type DownstreamSession } from './downstream-session.ts';

export interface AgentListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly identity: Identity;
  readonly gatewayName: string;
  readonly maxAgents: number;
  readonly compression: boolean;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly spool: RelaySpool;
  upstream(): UpstreamSession | undefined;
}

export interface AgentListener {
  readonly port: number;
  deliver(envelope: Deliver): void;
  /** Re-announces every linked agent and chained gateway on a new upstream session. */
  reannounce(session: UpstreamSession): void;
  linkedAgents(): number;
  linkedGateways(): number;
  close(): Promise<void>;
}

export async function startAgentListener(options: AgentListenerOptions): Promise<AgentListener> {
  const { logger, identity } = options;
  const sessions = new Set<DownstreamSession>();
  const routes = new Map<string, DownstreamSession>();
  const https: Server = createServer({
    cert: identity.certPem, key: identity.privateKeyPem, ca: [identity.caCertPem],
    minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: false,
  });
  const wss = new WebSocketServer({ server: https, path: '/link', maxPayload: MAX_FRAME_BYTES + 64 * 1024, perMessageDeflate: options.compression ? DEFLATE_OPTIONS : false });
  const agents = (): number => [...sessions].filter((s) => s.role === 'agent' && s.id() !== undefined).length;

  wss.on('connection', (ws, request) => {
    const remote = `${request.socket.remoteAddress}:${request.socket.remotePort}`;
    const link = downstreamLink(ws, remote, options.clock);
    const certificate = (request.socket as TLSSocket).getPeerX509Certificate();
    if (!certificate) return void enrollThrough(link, request.headers[GATEWAY_ROLE_HEADER] === 'gateway');
    const verdict = verifyPeerCertificate(identity.caCertPem, certificate, { revokedSerials: new Set(), nowMs: options.clock.nowMs(), expectedRoles: ['agent', 'gateway'] });
    if (verdict.status === 'refused') {
      logger.warn({ remote, reason: verdict.reason }, `link refused: ${verdict.message}`);
      link.send({ kind: 'error', code: verdict.reason === 'revoked' ? 'certificate-revoked' : 'forbidden', message: verdict.message, fatal: true });
      return void link.close(1008, 'refused');
    }
    const session = runDownstreamSession(link, verdict, {
      gatewayName: options.gatewayName, clock: options.clock, logger, spool: options.spool,
      upstream: options.upstream,
      route: (agentId, target) => (target ? routes.set(agentId, target) : routes.delete(agentId)),
      admit: () => agents() < options.maxAgents,
      onEnded(ended) {
        sessions.delete(ended);
        for (const [agentId, target] of routes) if (target === ended) routes.delete(agentId);
      },
    });
    sessions.add(session);
  });
  wss.on('error', (err) => logger.warn({ err }, 'gateway listener error'));

  async function enrollThrough(link: DownstreamLink, isGateway: boolean): Promise<void> {
    const request = await link.first(30_000);
    if (request?.kind !== 'enroll-request') {
      link.send({ kind: 'error', code: 'not-enrolled', message: 'This link has no client certificate: only enroll-request is accepted.', fatal: true });
      return link.close(1008, 'not enrolled');
    }
    if (isGateway) {
      // Protocol v1 has no role in enroll-request, so the MS could not tell a relayed gateway from an agent.
      link.send({ kind: 'enroll-result', status: 'rejected', message: 'A gateway cannot enroll through another gateway: enroll it once directly with a management server (or in DMZ mode), then chain it.' });
      return link.close(1000, 'enrollment answered');
    }
    const upstream = options.upstream();
    const answer = upstream ? await upstream.enroll(request) : undefined;
    link.send(answer ?? { kind: 'enroll-result', status: 'pending', retryAfterSeconds: 30, message: `Gateway ${options.gatewayName} has no management server link right now; the request will be passed on when it has.` });
    await link.close(1000, 'enrollment answered');
  }

  await new Promise<void>((resolve, reject) => {
    https.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new VigilError('PORT_IN_USE', { port: options.port, host: options.host, flag: '--listen' }, { cause: err }) : err));
    https.listen(options.port, options.host, () => resolve());
  });
  const address = https.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    deliver(envelope) {
      const target = routes.get(envelope.agentId);
      if (target) target.deliver(envelope);
      else logger.debug({ agentId: envelope.agentId, kind: envelope.message.kind }, 'delivery for an agent not linked here was dropped');
    },
    reannounce(session) {
      for (const s of sessions) s.reannounce(session);
    },
    linkedAgents: agents,
    linkedGateways: () => [...sessions].filter((s) => s.role === 'gateway' && s.id() !== undefined).length,
    async close() {
      for (const client of wss.clients) client.close(1001, 'gateway stopping');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      https.closeAllConnections();
      await new Promise<void>((resolve) => https.close(() => resolve()));
    },
  };
}
