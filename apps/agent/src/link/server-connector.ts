// Opens a certificate-authenticated link to one server and says hello: the step shared by the
// session loop and the failback probe. The server must chain to the group CA (OpenSSL checks
// chain, dates and name) and carry the management-server or gateway role (checked here).
import type { Clock } from '@vigil/core/time';
import { tlsClientOptions, verifyPeerCertificate, type Identity } from '@vigil/pki';
import { SUPPORTED_PROTOCOL_VERSIONS, type ServerAddress } from '@vigil/protocol/link';
import { SERVER_ROLES } from './ca-trust.ts';
import { handshake, type HandshakeOutcome, type Hello } from './link-handshake.ts';
import { openLinkConnection, type LinkConnection } from './link-connection.ts';

export interface AgentDescription {
  readonly agentName: string;
  readonly hostName: string;
  readonly agentVersion: string;
  readonly capabilities: readonly string[];
}

export type LinkOutcome =
  | (Extract<HandshakeOutcome, { kind: 'welcomed' }> & { readonly connection: LinkConnection })
  | Extract<HandshakeOutcome, { kind: 'refused' }>
  | { readonly kind: 'lost'; readonly message: string }
  | { readonly kind: 'tls-refused'; readonly message: string };

export function helloFor(agent: AgentDescription): Hello {
  return {
    kind: 'hello',
    protocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS],
    role: 'agent',
    agentName: agent.agentName,
    hostName: agent.hostName,
    agentVersion: agent.agentVersion,
    capabilities: [...agent.capabilities],
  };
}

export async function linkTo(
  address: ServerAddress,
  identity: Identity,
  agent: AgentDescription,
  options: { readonly clock: Clock; readonly timeoutMs: number },
): Promise<LinkOutcome> {
  const opened = await openLinkConnection({
    address,
    tls: tlsClientOptions(identity),
    clock: options.clock,
    timeoutMs: options.timeoutMs,
    checkPeer: (peer) => {
      const verdict = verifyPeerCertificate(identity.caCertPem, peer.raw, {
        revokedSerials: new Set(),
        nowMs: options.clock.nowMs(),
        expectedRoles: SERVER_ROLES,
      });
      return verdict.status === 'trusted' ? undefined : verdict.message;
    },
  });
  if (opened.kind === 'failed') return { kind: opened.cause === 'refused' ? 'tls-refused' : 'lost', message: opened.message };
  const outcome = await handshake(opened.connection, helloFor(agent), options.timeoutMs);
  if (outcome.kind === 'welcomed') return { ...outcome, connection: opened.connection };
  await opened.connection.close('handshake failed');
  return outcome;
}
