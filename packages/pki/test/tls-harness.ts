// A real TLS 1.3 link endpoint on 127.0.0.1 for tests: it runs the checks a Vigil server runs
// (node:tls during the handshake, verifyPeerCertificate after it) and records every outcome.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import {
  refusalFromTlsError, tlsClientOptions, tlsServerOptions, verifyPeerCertificate,
  type CertificateRole, type Identity, type PeerRefusal, type PeerVerification, type RevocationSource,
} from '@vigil/pki';

export interface TestServerOptions {
  readonly identity: Identity;
  readonly revokedSerials?: RevocationSource;
  readonly expectedRoles?: readonly CertificateRole[];
  readonly crlPem?: string;
}

export interface TestServer {
  readonly port: number;
  /** The next outcome the server records (handshake refusal or post-handshake verification). */
  nextOutcome(): Promise<PeerVerification | { status: 'unclassified'; error: unknown }>;
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const outcomes: Array<PeerVerification | { status: 'unclassified'; error: unknown }> = [];
  const waiters: Array<(outcome: (typeof outcomes)[number]) => void> = [];
  const record = (outcome: (typeof outcomes)[number]): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(outcome);
    else outcomes.push(outcome);
  };
  const server = tls.createServer(tlsServerOptions(options.identity, options.crlPem === undefined ? {} : { crlPem: options.crlPem }));
  server.on('secureConnection', (socket) => {
    const verification = verifyPeerCertificate(options.identity.caCertPem, socket.getPeerX509Certificate(), {
      revokedSerials: options.revokedSerials ?? new Set(),
      nowMs: Date.now(),
      ...(options.expectedRoles ? { expectedRoles: options.expectedRoles } : {}),
    });
    record(verification);
    if (verification.status === 'trusted') socket.end(`welcome ${verification.role}`);
    else socket.destroy();
  });
  server.on('tlsClientError', (error, socket) => record(refusalFromTlsError(error, socket) ?? { status: 'unclassified', error }));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    nextOutcome: () => {
      const outcome = outcomes.shift();
      return outcome ? Promise.resolve(outcome) : new Promise((resolve) => waiters.push(resolve));
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export interface ClientResult {
  readonly received: string;
  readonly error: unknown;
  readonly refusal: PeerRefusal | undefined;
}

/** Dials the server and resolves when the socket closes, with what it received and any error. */
export async function connectClient(port: number, options: tls.ConnectionOptions): Promise<ClientResult> {
  const socket = tls.connect({ host: '127.0.0.1', port, ...options });
  let received = '';
  let error: unknown;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', (cause) => (error = cause));
  // Not events.once: it would reject on the 'error' that precedes 'close' on a refused link.
  await new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { received, error, refusal: error === undefined ? undefined : refusalFromTlsError(error, socket) };
}

/** Client options for an identity, or for a client that has only the CA (no certificate). */
export function clientOptions(identity: Identity | { caCertPem: string }): tls.ConnectionOptions {
  if ('certPem' in identity) return tlsClientOptions(identity, { servername: 'localhost' });
  return { ca: [identity.caCertPem], minVersion: 'TLSv1.3', servername: 'localhost' };
}
