// A minimal link client for endpoint tests: real TLS 1.3 WebSocket with an optional client
// certificate, raw frames in and decoded frames out.
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, type ClientMessage, type ServerMessage } from '@vigil/protocol';

export interface TestLink {
  send(message: ClientMessage): void;
  sendRaw(data: string | Buffer): void;
  next<K extends ServerMessage['kind']>(kind: K, timeoutMs?: number): Promise<Extract<ServerMessage, { kind: K }>>;
  closed(): Promise<number>;
  close(): void;
}

export async function openTestLink(url: string, tls: { caCertPem: string; certPem?: string; privateKeyPem?: string }): Promise<TestLink> {
  const ws = new WebSocket(url, { ca: tls.caCertPem, ...(tls.certPem ? { cert: tls.certPem, key: tls.privateKeyPem } : {}), minVersion: 'TLSv1.3', maxPayload: 16 * 1024 * 1024 });
  const inbox: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data: Buffer) => {
    const decoded = decodeFrame(data.toString('utf8'), 'to-client');
    if (decoded.kind === 'ok') inbox.push(decoded.message);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    send: (message) => ws.send(encodeFrame(message)),
    sendRaw: (data) => ws.send(data),
    async next(kind, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = inbox.findIndex((m) => m.kind === kind);
        if (index >= 0) return inbox.splice(index, 1)[0] as never;
        if (Date.now() > deadline) throw new Error(`no ${kind} within ${timeoutMs} ms; got ${inbox.map((m) => m.kind).join(', ') || 'nothing'}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    closed: () => closed,
    close: () => ws.close(),
  };
}
