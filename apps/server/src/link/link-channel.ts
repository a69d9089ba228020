// What every link session on the management server shares, agent or gateway: sending frames,
// failing with an error frame and a close, refusing a bad certificate, and reading frames one at
// a time in order (acks must follow the order batches arrived in) — malformed or oversized input
// is counted and answered with an error frame, never allowed to crash or stall the server.
import type { WebSocket, RawData } from 'ws';
import { decodeFrame, encodeFrame, type ClientMessage, type LinkErrorCode, type ServerMessage } from '@vigil/protocol';
import type { Logger } from '@vigil/core';
import type { PeerRefusal } from '@vigil/pki';
import { countRefusal, type LinkStats } from './link-stats.ts';

export interface LinkChannel {
  send(message: ServerMessage): void;
  fail(code: LinkErrorCode, message: string): void;
  /** Refuses a peer whose certificate failed verification; logs both the reason and the message. */
  refuse(refusal: PeerRefusal): void;
  /** Handles decoded messages one at a time; a handler that throws closes the link (the peer resends). */
  onMessages(handler: (message: ClientMessage) => Promise<void>): void;
}

export function openLinkChannel(ws: WebSocket, stats: LinkStats, log: Logger, peerKind: string): LinkChannel {
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(message));
  };
  const fail = (code: LinkErrorCode, message: string): void => {
    send({ kind: 'error', code, message, fatal: true });
    ws.close(1008, code);
  };
  return {
    send,
    fail,
    refuse(refusal) {
      countRefusal(stats, refusal.reason);
      log.warn({ reason: refusal.reason }, `${peerKind} link refused: ${refusal.message}`);
      fail(refusal.reason === 'revoked' ? 'certificate-revoked' : 'forbidden', refusal.message);
    },
    onMessages(handler) {
      let chain: Promise<void> = Promise.resolve();
      ws.on('message', (data: RawData, isBinary: boolean) => {
        const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
        const decoded = decodeFrame(isBinary ? buffer : buffer.toString('utf8'), 'to-server');
        if (decoded.kind === 'invalid') {
          if (decoded.code === 'too-large') stats.oversizedFrames++;
          else stats.invalidFrames++;
          log.warn({ code: decoded.code }, `malformed frame from ${peerKind} refused: ${decoded.message}`);
          fail(decoded.code === 'too-large' ? 'too-large' : 'invalid-message', decoded.message);
          return;
        }
        chain = chain
          .then(() => handler(decoded.message))
          .catch((err: unknown) => {
            log.error({ err }, `${peerKind} message could not be handled; closing the link so it resends`);
            fail('internal', 'The management server could not handle a message; the link will be reopened and nothing is lost.');
          });
      });
      ws.on('error', (err) => log.warn({ err }, `${peerKind} link error`));
    },
  };
}
