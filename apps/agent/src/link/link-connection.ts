// One WebSocket-over-TLS connection to a management server, as the link code uses it: opened with
// a deadline, the server's certificate checked by the caller before any frame is sent, received
// frames decoded (an invalid one ends the connection with an `error` frame, as the protocol says),
// and every failure to connect reported as a value with a sentence fit for the log.
import type { IncomingMessage } from 'node:http';
import type { ConnectionOptions, DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { WebSocket, type RawData } from 'ws';
import type { Clock } from '@vigil/core/time';
import { refusalFromTlsError } from '@vigil/pki';
import { decodeFrame, encodeFrame, MAX_FRAME_BYTES, type ClientMessage, type ServerAddress, type ServerMessage } from '@vigil/protocol/link';
import { formatServerAddress, linkUrl } from './server-address.ts';

export type Received =
  | { readonly kind: 'message'; readonly message: ServerMessage }
  | { readonly kind: 'closed'; readonly reason: string }
  | { readonly kind: 'timeout' };

export interface LinkConnection {
  readonly address: ServerAddress;
  /** The server's certificate with its chain (issuerCertificate links), as seen in the handshake. */
  readonly peerCertificate: DetailedPeerCertificate;
  /** Sends one message; false when the connection is no longer open (the message is not sent). */
  send(message: ClientMessage): boolean;
  /** The next message in arrival order, or why none will come, or a timeout. One caller at a time. */
  receive(timeoutMs: number): Promise<Received>;
  isOpen(): boolean;
  /** Closes (code 1000) and resolves once the socket is gone (or after 2 s, then terminates it). */
  close(reason: string): Promise<void>;
}

export type ConnectOutcome =
  | { readonly kind: 'connected'; readonly connection: LinkConnection }
  | {
      readonly kind: 'failed';
      /** 'refused': the server's certificate (or ours) was refused; 'unreachable': anything else. */
      readonly cause: 'refused' | 'unreachable';
      readonly message: string;
    };

/** Says whether the server's certificate chain is acceptable: undefined = yes, else why not. */
export type PeerCheck = (peer: DetailedPeerCertificate) => string | undefined;

export interface OpenConnectionOptions {
  readonly address: ServerAddress;
  readonly tls: ConnectionOptions;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly checkPeer: PeerCheck;
}

const CLOSE_WAIT_MS = 2000;

export function openLinkConnection(options: OpenConnectionOptions): Promise<ConnectOutcome> {
  const where = formatServerAddress(options.address);
  return new Promise((resolve) => {
    let settled = false;
    let peer: DetailedPeerCertificate | undefined;
    const socket = new WebSocket(linkUrl(options.address), {
      ...options.tls,
      handshakeTimeout: options.timeoutMs,
      // decodeFrame enforces the exact limit with a clear message; this only bounds allocation.
      maxPayload: MAX_FRAME_BYTES + 64 * 1024,
      perMessageDeflate: false,
    });
    const timer = options.clock.setTimeout(() => fail('unreachable', `No link to ${where} within ${options.timeoutMs} ms.`), options.timeoutMs);
    function fail(cause: 'refused' | 'unreachable', message: string): void {
      if (settled) return;
      settled = true;
      timer.cancel();
      socket.terminate();
      resolve({ kind: 'failed', cause, message });
    }
    socket.on('upgrade', (response: IncomingMessage) => {
      peer = (response.socket as TLSSocket).getPeerCertificate(true);
      const problem = options.checkPeer(peer);
      if (problem !== undefined) fail('refused', `Refused management server ${where}: ${problem}`);
    });
    socket.on('error', (error: Error) => {
      const refusal = refusalFromTlsError(error);
      if (refusal !== undefined) return fail('refused', `Link to ${where}: ${refusal.message}`);
      const code = (error as NodeJS.ErrnoException).code;
      const tlsName = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? ' (the server certificate does not name this address; use a name it carries)' : '';
      fail(code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'refused' : 'unreachable', `Cannot link to ${where}: ${error.message}${tlsName}.`);
    });
    socket.on('open', () => {
      if (settled) return;
      settled = true;
      timer.cancel();
      resolve({ kind: 'connected', connection: wrap(socket, options.address, peer!, options.clock) });
    });
  });
}

function wrap(socket: WebSocket, address: ServerAddress, peerCertificate: DetailedPeerCertificate, clock: Clock): LinkConnection {
  const inbox: Received[] = [];
  let waiter: ((received: Received) => void) | undefined;
  let closedReason: string | undefined;
  const push = (received: Received): void => {
    if (waiter) {
      const deliver = waiter;
      waiter = undefined;
      deliver(received);
    } else inbox.push(received);
  };
  const closedPromise = new Promise<void>((resolve) => {
    socket.on('close', (code: number, reason: Buffer) => {
      const text = reason.toString('utf8');
      const why = closedReason ?? `the server closed the link (code ${code}${text ? `: ${text}` : ''})`;
      closedReason = why;
      push({ kind: 'closed', reason: why });
      resolve();
    });
  });
  socket.on('error', (error: Error) => {
    closedReason ??= `link error: ${error.message}`;
  });
  socket.on('message', (data: RawData) => {
    if (closedReason !== undefined) return;
    const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const decoded = decodeFrame(frame, 'to-client');
    if (decoded.kind === 'ok') return push({ kind: 'message', message: decoded.message });
    closedReason = `the server sent an invalid frame (${decoded.message})`;
    sendRaw({ kind: 'error', code: decoded.code === 'too-large' ? 'too-large' : 'invalid-message', message: decoded.message, fatal: true });
    socket.close(1002, 'invalid frame');
  });
  const sendRaw = (message: ClientMessage): boolean => {
    if (socket.readyState !== WebSocket.OPEN) return false;
    socket.send(encodeFrame(message));
    return true;
  };
  return {
    address,
    peerCertificate,
    send: (message) => (closedReason === undefined ? sendRaw(message) : false),
    isOpen: () => closedReason === undefined && socket.readyState === WebSocket.OPEN,
    receive(timeoutMs) {
      const queued = inbox.shift();
      if (queued) return Promise.resolve(queued);
      if (closedReason !== undefined && socket.readyState === WebSocket.CLOSED) return Promise.resolve({ kind: 'closed', reason: closedReason });
      return new Promise((resolve) => {
        const timer = Number.isFinite(timeoutMs)
          ? clock.setTimeout(() => {
              if (waiter === settle) waiter = undefined;
              resolve({ kind: 'timeout' });
            }, timeoutMs)
          : undefined;
        const settle = (received: Received): void => {
          timer?.cancel();
          resolve(received);
        };
        waiter = settle;
      });
    },
    async close(reason) {
      closedReason ??= `closed by the agent (${reason})`;
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close(1000, reason.slice(0, 120));
      const timer = clock.setTimeout(() => socket.terminate(), CLOSE_WAIT_MS);
      await closedPromise;
      timer.cancel();
    },
  };
}
