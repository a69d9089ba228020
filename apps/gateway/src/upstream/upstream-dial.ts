// Opening the gateway's link to a management server (dial mode), certified or for enrollment, and
// the hello → welcome exchange that every upstream link starts with (also on links an MS dialed).
// Failures are values with a sentence for the log.
import type { IncomingMessage } from 'node:http';
import type { ConnectionOptions, DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { WebSocket } from 'ws';
import type { Clock } from '@vigil/core/time';
import { caSha256Of, tlsClientOptions, verifyPeerCertificate, type Identity } from '@vigil/pki';
import { MAX_FRAME_BYTES, RELAY_REFUSED_CAPABILITY, SUPPORTED_PROTOCOL_VERSIONS, type Hello, type LinkErrorCode, type ServerAddress, type Welcome } from '@vigil/protocol/link';
import { upstreamLink, type UpstreamLink } from '../link/frame-link.ts';
import { formatAddress } from '../link/address.ts';

/** Header by which an enrolling gateway tells the MS it is a gateway (the MS's gateway-session reads it). */
export const GATEWAY_ROLE_HEADER = 'x-vigil-role';
/** Upstream peers a gateway accepts: management servers, or a gateway it is chained behind. */
export const UPSTREAM_ROLES = ['management-server', 'gateway'] as const;

export const DEFLATE_OPTIONS = { threshold: 1024, zlibDeflateOptions: { level: 6 } } as const;

export type DialOutcome =
  | { readonly kind: 'open'; readonly link: UpstreamLink; readonly peer: DetailedPeerCertificate }
  | { readonly kind: 'failed'; readonly refused: boolean; readonly message: string };

export interface DialOptions {
  readonly address: ServerAddress;
  /** Certified: mutual TLS with the group CA. Undefined: enrolling (no client certificate). */
  readonly identity: Identity | undefined;
  readonly compression: boolean;
  readonly timeoutMs: number;
  readonly clock: Clock;
}

export function dialUpstream(options: DialOptions): Promise<DialOutcome> {
  const where = formatAddress(options.address);
  const tls: ConnectionOptions = options.identity
    ? tlsClientOptions(options.identity)
    : { rejectUnauthorized: false, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' };
  return new Promise((resolve) => {
    let settled = false;
    let peer: DetailedPeerCertificate | undefined;
    const socket = new WebSocket(`wss://${where}/link`, {
      ...tls,
      handshakeTimeout: options.timeoutMs,
      maxPayload: MAX_FRAME_BYTES + 64 * 1024,
      perMessageDeflate: options.compression ? DEFLATE_OPTIONS : false,
      ...(options.identity ? {} : { headers: { [GATEWAY_ROLE_HEADER]: 'gateway' } }),
    });
    const settle = (outcome: DialOutcome): void => {
      if (settled) return;
      settled = true;
      timer.cancel();
      if (outcome.kind === 'failed') socket.terminate();
      resolve(outcome);
    };
    const timer = options.clock.setTimeout(() => settle({ kind: 'failed', refused: false, message: `No link to ${where} within ${options.timeoutMs} ms.` }), options.timeoutMs);
    socket.on('upgrade', (response: IncomingMessage) => {
      peer = (response.socket as TLSSocket).getPeerCertificate(true);
      if (!options.identity) return;
      const verdict = verifyPeerCertificate(options.identity.caCertPem, peer.raw, { revokedSerials: new Set(), nowMs: options.clock.nowMs(), expectedRoles: UPSTREAM_ROLES });
      if (verdict.status === 'refused') settle({ kind: 'failed', refused: true, message: `Refused upstream ${where}: ${verdict.message}` });
    });
    socket.on('error', (error: Error) => settle({ kind: 'failed', refused: /certificate|self.signed|unable to verify/i.test(error.message), message: `Cannot link to ${where}: ${error.message}.` }));
    socket.on('open', () => settle({ kind: 'open', link: upstreamLink(socket, where, options.clock), peer: peer! }));
  });
}

export function gatewayHello(name: string, hostName: string, version: string): Hello {
  return { kind: 'hello', protocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS], role: 'gateway', agentName: name, hostName, agentVersion: version, capabilities: ['relay', RELAY_REFUSED_CAPABILITY] };
}

export type HandshakeOutcome =
  | { readonly kind: 'welcomed'; readonly welcome: Welcome }
  | { readonly kind: 'refused'; readonly code: LinkErrorCode; readonly message: string }
  | { readonly kind: 'lost'; readonly message: string };

export async function upstreamHandshake(link: UpstreamLink, hello: Hello, timeoutMs: number): Promise<HandshakeOutcome> {
  if (!link.send(hello)) return { kind: 'lost', message: 'the link closed before hello was sent' };
  const message = await link.first(timeoutMs);
  if (message === undefined) return { kind: 'lost', message: `no welcome within ${timeoutMs} ms or the link closed` };
  if (message.kind === 'welcome') return { kind: 'welcomed', welcome: message };
  if (message.kind === 'error') return { kind: 'refused', code: message.code, message: message.message };
  return { kind: 'lost', message: `the server sent ${message.kind} before welcome` };
}

/** The CA at the top of the chain a server presented (for trust decisions before enrollment). */
export function presentedCaPem(peer: DetailedPeerCertificate | undefined): string | undefined {
  let current = peer;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    const issuer = current.issuerCertificate as DetailedPeerCertificate | undefined;
    if (issuer === undefined || issuer.raw === undefined) return undefined;
    if (issuer === current || issuer.fingerprint256 === current.fingerprint256) return depth === 0 ? undefined : new X509Certificate(current.raw).toString();
    current = issuer;
  }
  return undefined;
}

/** Whether `caCertPem` is the CA the operator pinned (--ca-file or the join token's fingerprint). */
export function caMatchesTrust(caCertPem: string, trust: { readonly caFilePem?: string; readonly pinnedCaSha256?: string }): boolean {
  if (trust.caFilePem !== undefined && caSha256Of(trust.caFilePem) !== caSha256Of(caCertPem)) return false;
  if (trust.pinnedCaSha256 !== undefined && trust.pinnedCaSha256 !== caSha256Of(caCertPem)) return false;
  return true;
}
