// "Management server initiates the connection" (SCOM's DMZ mode): for each gateway listed in the
// server config `gatewayDial`, this MS dials the gateway's upstream port with its own certificate
// and, once the WebSocket is up, runs the same gateway session as for a gateway that dialed in
// (the gateway says hello, the MS welcomes it). A gateway not yet certified by the group CA is
// treated as enrolling (only enroll-request). Every MS with the setting dials: the gateway keeps
// the first link and refuses the others, so when that MS dies the next dial takes over.
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { tlsClientOptions, verifyPeerCertificate, type Identity } from '@vigil/pki';
import { MAX_FRAME_BYTES } from '@vigil/protocol';
import type { LinkDeps } from './link-deps.ts';
import type { PeerClass } from './peer-classification.ts';
import { GATEWAY_LINK_DEFLATE, runGatewaySession } from './gateway-session.ts';

export interface GatewayDialerOptions {
  /** "host:port" of gateways' upstream listeners. */
  readonly gateways: readonly string[];
  readonly identity: Identity;
  readonly redialMs: number;
  readonly timeoutMs: number;
}

export interface GatewayDialer {
  stop(): Promise<void>;
}

export function startGatewayDialer(deps: LinkDeps, options: GatewayDialerOptions): GatewayDialer {
  const log = deps.logger.child({ component: 'gateway-dialer' });
  const sockets = new Map<string, WebSocket>();
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (target: string): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      dial(target);
    }, options.redialMs);
    timers.add(timer);
  };

  const dial = (target: string): void => {
    // The CA chain is checked below (role gateway), or the gateway is enrolling with a throwaway certificate.
    const socket = new WebSocket(`wss://${target}/link`, {
      ...tlsClientOptions(options.identity), rejectUnauthorized: false,
      handshakeTimeout: options.timeoutMs, maxPayload: MAX_FRAME_BYTES + 64 * 1024, perMessageDeflate: GATEWAY_LINK_DEFLATE,
    });
    sockets.set(target, socket);
    let peer: PeerClass = { kind: 'enrolling' };
    socket.on('upgrade', (response: IncomingMessage) => {
      const certificate = (response.socket as TLSSocket).getPeerX509Certificate();
      const verdict = certificate && verifyPeerCertificate(deps.ca, certificate, { revokedSerials: deps.revocations.isRevoked, nowMs: deps.clock.nowMs(), expectedRoles: ['gateway'] });
      if (verdict?.status === 'trusted') peer = { kind: 'trusted', peer: verdict };
      else if (verdict && verdict.reason !== 'unknown-ca') peer = { kind: 'refused', refusal: verdict };
    });
    socket.on('open', () => runGatewaySession(socket, peer, target, deps));
    socket.on('error', (err) => log.debug({ gateway: target, err }, 'gateway dial failed'));
    socket.on('close', () => {
      if (sockets.get(target) === socket) sockets.delete(target);
      later(target);
    });
  };

  for (const target of options.gateways) dial(target);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([...sockets.values()].map((socket) => new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1001, 'management server stopping');
        setTimeout(() => (socket.terminate(), resolve()), 2000).unref();
      })));
    },
  };
}
