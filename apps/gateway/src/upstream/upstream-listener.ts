// DMZ mode (SCOM's "management server initiates the connection"): the gateway opens no
// connection; it listens on its upstream port and management servers configured with
// `gatewayDial` dial it. Once the TLS + WebSocket link is up the roles are as in dial mode: the
// gateway says hello and the MS welcomes it. One upstream link at a time: a second MS is refused
// until the first link ends, so failover is simply the next MS whose dial succeeds. Before the
// gateway is approved it serves a throwaway certificate, and the first MS that dials it receives
// its enrollment request (the MS is checked against --ca-file, and the answer against the pins).
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { VigilError } from '@vigil/core/errors';
import { verifyPeerCertificate } from '@vigil/pki';
import { MAX_FRAME_BYTES, type ServerAddress } from '@vigil/protocol/link';
import { upstreamLink, type UpstreamLink } from '../link/frame-link.ts';
import { formatAddress } from '../link/address.ts';
import { DEFLATE_OPTIONS, caMatchesTrust, gatewayHello, upstreamHandshake } from './upstream-dial.ts';
import { provisionalServerIdentity } from './gateway-identity.ts';
import { beginSession, trustOf, type Upstream, type UpstreamDeps, type UpstreamState } from './upstream-supervisor.ts';
import type { UpstreamSession } from './upstream-session.ts';

export async function startListeningUpstream(deps: UpstreamDeps, address: ServerAddress): Promise<Upstream & { readonly port: number }> {
  const { logger, timings } = deps;
  let identity = await deps.identity.read();
  let state: UpstreamState = identity ? 'listening' : 'enrolling';
  let lastProblem: string | undefined;
  let current: UpstreamSession | undefined;
  let server: { https: Server; wss: WebSocketServer } | undefined;
  let port = address.port;
  if (identity) await deps.onIdentity(identity);

  const refuse = (link: UpstreamLink, message: string, code: 'forbidden' | 'overloaded' = 'forbidden'): Promise<void> => {
    lastProblem = message;
    logger.warn({ remote: link.remote }, `upstream link refused: ${message}`);
    link.send({ kind: 'error', code, message, fatal: true });
    return link.close(1008, code);
  };

  async function enrollOver(link: UpstreamLink, peerPem: Buffer | undefined): Promise<void> {
    const keyAndCsr = await deps.identity.keyAndCsr();
    link.send({ kind: 'enroll-request', agentName: deps.name, hostName: deps.hostName, csrPem: keyAndCsr.csrPem, ...(deps.joinToken === undefined ? {} : { joinToken: deps.joinToken }) });
    const answer = await link.first(timings.connectTimeoutMs);
    await link.close(1000, 'enrollment done');
    if (answer?.kind !== 'enroll-result') return void (lastProblem = `the dialing management server did not answer the enrollment request (${answer?.kind ?? 'no answer'})`);
    if (answer.status !== 'approved') {
      state = answer.status;
      lastProblem = answer.message;
      return void logger.warn(`Gateway enrollment ${answer.status}: ${answer.message}`);
    }
    const fromCa = peerPem && verifyPeerCertificate(answer.caCertPem, peerPem, { revokedSerials: new Set(), nowMs: deps.clock.nowMs(), expectedRoles: ['management-server'] });
    if (!caMatchesTrust(answer.caCertPem, trustOf(deps)) || fromCa?.status !== 'trusted') {
      lastProblem = 'the dialing server approved the gateway with a CA that is not pinned or did not issue its own certificate; nothing was stored';
      return void logger.error(lastProblem);
    }
    identity = { certPem: answer.certPem, privateKeyPem: keyAndCsr.privateKeyPem, caCertPem: answer.caCertPem };
    await deps.identity.write(identity);
    logger.info('Gateway approved; certificate stored. Serving management servers with it now.');
    await deps.onIdentity(identity);
    state = 'listening';
    await restart();
  }

  async function onLink(link: UpstreamLink, peerPem: Buffer | undefined): Promise<void> {
    if (!identity) {
      if (deps.caFilePem !== undefined && (!peerPem || verifyPeerCertificate(deps.caFilePem, peerPem, { revokedSerials: new Set(), nowMs: deps.clock.nowMs(), expectedRoles: ['management-server'] }).status !== 'trusted')) {
        return refuse(link, 'the dialing peer is not a management server of the group CA given with --ca-file');
      }
      return enrollOver(link, peerPem);
    }
    const verdict = verifyPeerCertificate(identity.caCertPem, peerPem, { revokedSerials: new Set(), nowMs: deps.clock.nowMs(), expectedRoles: ['management-server'] });
    if (verdict.status === 'refused') return refuse(link, verdict.message);
    if (current) return refuse(link, `already linked to ${current.welcome.managementServerName}`, 'overloaded');
    const outcome = await upstreamHandshake(link, gatewayHello(deps.name, deps.hostName, deps.version), timings.connectTimeoutMs);
    if (outcome.kind !== 'welcomed') {
      lastProblem = outcome.message;
      return link.close(1000, 'handshake failed');
    }
    const session = beginSession(deps, link, outcome.welcome);
    current = session;
    state = 'linked';
    logger.info({ server: verdict.commonName }, `Management server ${verdict.commonName} dialed in; gateway linked upstream.`);
    const reason = await session.done;
    if (current === session) current = undefined;
    state = 'listening';
    logger.warn(`Upstream link from ${verdict.commonName} lost (${reason}); waiting for a management server to dial in.`);
  }

  async function listen(): Promise<void> {
    const tls = identity ?? (await provisionalServerIdentity());
    const https = createServer({
      cert: tls.certPem, key: tls.privateKeyPem, ...(identity ? { ca: [identity.caCertPem] } : {}),
      minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: false,
    });
    const wss = new WebSocketServer({ server: https, path: '/link', maxPayload: MAX_FRAME_BYTES + 64 * 1024, perMessageDeflate: deps.compression ? DEFLATE_OPTIONS : false });
    wss.on('connection', (ws, request) => {
      const socket = request.socket as TLSSocket;
      const link = upstreamLink(ws, `${socket.remoteAddress}:${socket.remotePort}`, deps.clock);
      void onLink(link, socket.getPeerX509Certificate()?.raw).catch((err: unknown) => logger.error({ err }, 'upstream link failed'));
    });
    await new Promise<void>((resolve, reject) => {
      https.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new VigilError('PORT_IN_USE', { port, host: address.host, flag: '--upstream-listen' }, { cause: err }) : err));
      https.listen(port, address.host, () => resolve());
    });
    const bound = https.address();
    port = typeof bound === 'object' && bound ? bound.port : port;
    server = { https, wss };
    logger.info(`Waiting for management servers to dial ${formatAddress({ host: address.host, port })} (DMZ mode).`);
  }

  async function close(): Promise<void> {
    if (!server) return;
    const { https, wss } = server;
    server = undefined;
    for (const client of wss.clients) client.close(1001, 'gateway stopping');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    https.closeAllConnections();
    await new Promise<void>((resolve) => https.close(() => resolve()));
  }

  async function restart(): Promise<void> {
    await close();
    await listen();
  }

  await listen();
  return {
    get port() {
      return port;
    },
    session: () => current,
    status: () => ({ state, server: current?.welcome.managementServerName, lastProblem }),
    async stop() {
      await current?.end('gateway stopping');
      await close();
      state = 'stopped';
    },
  };
}
