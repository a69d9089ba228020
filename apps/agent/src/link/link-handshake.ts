// The first exchange of a certificate-authenticated link: hello → welcome, or the server's fatal
// error. Used for sessions and for the failback probe of the primary (a probe that is welcomed
// becomes the new session).
import type { ClientMessage, LinkErrorCode, Welcome } from '@vigil/protocol/link';
import type { LinkConnection } from './link-connection.ts';

export type Hello = Extract<ClientMessage, { kind: 'hello' }>;

export type HandshakeOutcome =
  | { readonly kind: 'welcomed'; readonly welcome: Welcome }
  | { readonly kind: 'refused'; readonly code: LinkErrorCode; readonly message: string }
  | { readonly kind: 'lost'; readonly message: string };

export async function handshake(connection: LinkConnection, hello: Hello, timeoutMs: number): Promise<HandshakeOutcome> {
  if (!connection.send(hello)) return { kind: 'lost', message: 'the link closed before hello was sent' };
  for (;;) {
    const received = await connection.receive(timeoutMs);
    if (received.kind === 'timeout') return { kind: 'lost', message: `no welcome within ${timeoutMs} ms` };
    if (received.kind === 'closed') return { kind: 'lost', message: received.reason };
    const message = received.message;
    if (message.kind === 'welcome') return { kind: 'welcomed', welcome: message };
    if (message.kind === 'error') {
      if (message.fatal) return { kind: 'refused', code: message.code, message: message.message };
      continue;
    }
    return { kind: 'lost', message: `the server sent ${message.kind} before welcome` };
  }
}
