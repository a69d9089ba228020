// The first exchange on every link: the client (agent or gateway) says who it is and which
// protocol versions it speaks; the MS answers with the version it chose and the agent's settings.
// The certificate has already authenticated both ends (mutual TLS); hello only describes.
import { Type } from 'typebox';
import { CLOSED, HostName, Name, Port, SeqOrZero, Uuid, type Wire } from './common.schema.ts';
import { MAX_CAPABILITIES, MAX_FAILOVER_SERVERS, MAX_OFFERED_VERSIONS } from './limits.ts';

export const ProtocolVersion = Type.Integer({ minimum: 1, maximum: 65_535 });

export const HelloSchema = Type.Object(
  {
    kind: Type.Literal('hello'),
    /** Every version the client speaks; the server picks one (see negotiateVersion). */
    protocolVersions: Type.Array(ProtocolVersion, { minItems: 1, maxItems: MAX_OFFERED_VERSIONS }),
    role: Type.Union([Type.Literal('agent'), Type.Literal('gateway')]),
    agentName: Name,
    hostName: HostName,
    agentVersion: Type.String({ minLength: 1, maxLength: 64 }),
    /** Optional features the client supports, e.g. 'nagios', 'acs-forwarder', 'log-files'. */
    capabilities: Type.Array(Name, { maxItems: MAX_CAPABILITIES }),
    /** Highest seq the client has seen acknowledged; diagnostic (the MS's own mark is authoritative). */
    lastAckedSeq: Type.Optional(SeqOrZero),
  },
  CLOSED,
);
export type Hello = Wire<typeof HelloSchema>;

export const ServerAddressSchema = Type.Object({ host: HostName, port: Port }, CLOSED);
export type ServerAddress = Wire<typeof ServerAddressSchema>;

export const WelcomeSchema = Type.Object(
  {
    kind: Type.Literal('welcome'),
    /** The version both ends now speak: the highest one in hello.protocolVersions the MS supports. */
    protocolVersion: ProtocolVersion,
    managementServerName: Name,
    groupName: Name,
    agentId: Uuid,
    heartbeatIntervalSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
    /** Ordered by preference; the client fails over down this list and fails back to the first. */
    failoverServers: Type.Array(ServerAddressSchema, { maxItems: MAX_FAILOVER_SERVERS }),
    /** Hash of the configuration the MS holds for this client; a `config` message follows if it differs. */
    configVersion: Type.Optional(Name),
    /**
     * The MS's committed high-water mark for this client's sourceId. It is a cumulative ack: the
     * client drops spooled batches ≤ it, which covers an ack lost when the link dropped after commit.
     */
    committedSeq: SeqOrZero,
  },
  CLOSED,
);
export type Welcome = Wire<typeof WelcomeSchema>;
