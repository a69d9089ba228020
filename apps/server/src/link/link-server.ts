// The management server's link endpoint (port 5723): WebSocket over TLS 1.3 at /link. The TLS
// layer asks for a client certificate but lets a connection without one through, because a new
// agent must be able to enroll; every other decision (unknown CA, expired, revoked, wrong role)
// is made right after the handshake so the peer gets an error frame saying why, not a reset.
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { VigilError } from '@vigil/core';
import { refusalFromTlsError, type Identity } from '@vigil/pki';
import { MAX_FRAME_BYTES } from '@vigil/protocol';
import type { LinkDeps } from './link-deps.ts';
import { classifyPeer } from './peer-classification.ts';
import { runLinkSession } from './link-session.ts';
import { countRefusal } from './link-stats.ts';
import { pollAgentControl } from './agent-control.ts';
import { GATEWAY_LINK_DEFLATE, isGatewayPeer, runGatewaySession } from './gateway-session.ts';
import { startGatewayDialer } from './gateway-dialer.ts';

export interface LinkServerOptions {
  readonly host: string;
  readonly port: number;
  readonly identity: Identity;
  readonly controlPollMs: number;
  readonly heartbeatFlushMs: number;
  readonly revocationRefreshMs: number;
  /** Gateways to dial in DMZ mode (server config gatewayDial, comma-separated HOST:PORT); see gateway-dialer.ts. */
  readonly gatewayDial?: string | undefined;
}

export interface LinkServer {
  /** e.g. "wss://0.0.0.0:5723/link" */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startLinkServer(deps: LinkDeps, options: LinkServerOptions): Promise<LinkServer> {
  const log = deps.logger.child({ component: 'link' });
  await deps.revocations.refresh();
  const https: Server = createServer({
    cert: options.identity.certPem,
    key: options.identity.privateKeyPem,
    ca: [options.identity.caCertPem],
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
    requestCert: true,
    rejectUnauthorized: false,
  });
  https.on('tlsClientError', (err, socket) => {
    const refusal = refusalFromTlsError(err, socket as TLSSocket);
    if (refusal) countRefusal(deps.stats, refusal.reason);
  });
  // Slack over the frame limit so that decodeFrame, not the socket layer, answers an oversized
  // frame with an error frame; anything far beyond is cut off by ws itself.
  const wss = new WebSocketServer({ server: https, path: '/link', maxPayload: MAX_FRAME_BYTES + 64 * 1024, perMessageDeflate: GATEWAY_LINK_DEFLATE }); // only gateways offer deflate; agent links stay uncompressed
  wss.on('connection', (ws, request) => {
    deps.stats.connectionsOpened++;
    const socket = request.socket as TLSSocket;
    const peer = classifyPeer(socket, deps.ca, deps.revocations.isRevoked, deps.clock.nowMs());
    // Gateways (certified, or enrolling and saying so) have their own session: gateway-session.ts.
    if (isGatewayPeer(peer, request)) return runGatewaySession(ws, peer, `${request.socket.remoteAddress}:${request.socket.remotePort}`, deps);
    runLinkSession(ws, peer, `${request.socket.remoteAddress}:${request.socket.remotePort}`, deps);
  });
  wss.on('error', (err) => log.warn({ err }, 'link server error'));

  await new Promise<void>((resolve, reject) => {
    https.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new VigilError('PORT_IN_USE', { port: options.port, host: options.host, flag: '--link-port' }, { cause: err }) : err),
    );
    https.listen(options.port, options.host, () => resolve());
  });
  const address = https.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  const timers = [
    setInterval(() => void deps.heartbeats.flush(), options.heartbeatFlushMs),
    setInterval(() => void pollAgentControl(deps, log), options.controlPollMs),
    setInterval(() => {
      void deps.revocations.refresh().then(() => {
        for (const session of deps.sessions.all()) {
          if (deps.revocations.isRevoked(session.certificateSerial)) {
            log.warn({ agent: session.agentName }, 'closing the link of a revoked certificate');
            session.send({ kind: 'error', code: 'certificate-revoked', message: 'This agent\'s certificate was revoked by an administrator.', fatal: true });
            session.close(1008, 'certificate revoked');
          }
        }
      });
    }, options.revocationRefreshMs),
  ];
  for (const timer of timers) timer.unref();
  const gatewayDialer = startGatewayDialer(deps, { gateways: options.gatewayDial?.split(',').map((g) => g.trim()).filter(Boolean) ?? [], identity: options.identity, redialMs: 2000, timeoutMs: 10_000 });

  return {
    url: `wss://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/link`,
    port,
    async close() {
      for (const timer of timers) clearInterval(timer);
      await gatewayDialer.stop();
      for (const client of wss.clients) client.close(1001, 'management server stopping');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      https.closeAllConnections();
      await new Promise<void>((resolve) => https.close(() => resolve()));
      await deps.ingest.close();
      await deps.heartbeats.flush();
    },
  };
}
