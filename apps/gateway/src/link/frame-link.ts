// A WebSocket as the gateway's link code uses it, in either role: upstream (the gateway speaks as
// a client: sends ClientMessage, receives ServerMessage) whoever dialed, or downstream (an agent
// or chained gateway linked to it). Frames are decoded with the direction's schema; an invalid
// one ends the link with a fatal `error` frame naming the problem, as the protocol says. Messages
// that arrive before a handler is set are kept in order.
import type { RawData, WebSocket } from 'ws';
import type { Clock } from '@vigil/core/time';
import { decodeFrame, encodeFrame, type ClientMessage, type ServerMessage } from '@vigil/protocol/link';

export interface FrameLink<In, Out> {
  send(message: Out): boolean;
  /** Sets the handler; earlier messages are handed to it at once, in order. */
  listen(handler: (message: In) => void): void;
  /** The next message, or undefined on close/timeout (for handshakes). */
  first(timeoutMs: number): Promise<In | undefined>;
  /** Stops reading (TCP backpressure on the peer) / starts again. */
  pause(): void;
  resume(): void;
  isOpen(): boolean;
  /** Resolves with a sentence once the socket is closed. */
  readonly closed: Promise<string>;
  close(code: number, reason: string): Promise<void>;
  readonly remote: string;
}

export type UpstreamLink = FrameLink<ServerMessage, ClientMessage>;
export type DownstreamLink = FrameLink<ClientMessage, ServerMessage>;

export function upstreamLink(socket: WebSocket, remote: string, clock: Clock): UpstreamLink {
  return wrap<ServerMessage, ClientMessage>(socket, remote, 'to-client', clock);
}

export function downstreamLink(socket: WebSocket, remote: string, clock: Clock): DownstreamLink {
  return wrap<ClientMessage, ServerMessage>(socket, remote, 'to-server', clock);
}

function wrap<In, Out>(socket: WebSocket, remote: string, direction: 'to-client' | 'to-server', clock: Clock): FrameLink<In, Out> {
  const early: In[] = [];
  let handler: ((message: In) => void) | undefined;
  let closedReason: string | undefined;
  const closed = new Promise<string>((resolve) => {
    socket.on('close', (code: number, reason: Buffer) => {
      closedReason ??= `closed by the peer (code ${code}${reason.length > 0 ? `: ${reason.toString('utf8')}` : ''})`;
      resolve(closedReason);
    });
  });
  socket.on('error', (error: Error) => {
    closedReason ??= `link error: ${error.message}`;
  });
  const sendRaw = (message: unknown): boolean => {
    if (socket.readyState !== socket.OPEN) return false;
    socket.send(encodeFrame(message as ClientMessage));
    return true;
  };
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (closedReason !== undefined) return;
    const buffer = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const decoded = decodeFrame(isBinary ? buffer : buffer.toString('utf8'), direction);
    if (decoded.kind === 'invalid') {
      closedReason = `the peer sent an invalid frame (${decoded.message})`;
      sendRaw({ kind: 'error', code: decoded.code === 'too-large' ? 'too-large' : 'invalid-message', message: decoded.message, fatal: true });
      socket.close(1002, 'invalid frame');
      return;
    }
    const message = decoded.message as In;
    if (handler) handler(message);
    else early.push(message);
  });
  return {
    remote,
    closed,
    send: (message) => (closedReason === undefined ? sendRaw(message) : false),
    listen(next) {
      handler = next;
      for (const message of early.splice(0)) next(message);
    },
    first(timeoutMs) {
      const queued = early.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve) => {
        const timer = clock.setTimeout(() => done(undefined), timeoutMs);
        const done = (message: In | undefined): void => {
          timer.cancel();
          handler = undefined;
          resolve(message);
        };
        handler = (message) => done(message);
        void closed.then(() => done(undefined));
      });
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    isOpen: () => closedReason === undefined && socket.readyState === socket.OPEN,
    async close(code, reason) {
      closedReason ??= `closed by the gateway (${reason})`;
      if (socket.readyState === socket.CLOSED) return;
      socket.close(code, reason.slice(0, 120));
      const timer = clock.setTimeout(() => socket.terminate(), 2000);
      await closed;
      timer.cancel();
    },
  };
}
