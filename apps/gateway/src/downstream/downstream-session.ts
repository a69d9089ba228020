// One link from an agent — or from a gateway chained behind this one — to this gateway. To the
// agent the gateway is a management server: hello → welcome, batches acked, heartbeats. The
// welcome comes from the MS (the agent's hello is announced upstream with the serial of the
// certificate the gateway verified); while no MS is reachable, an agent seen before is welcomed
// from what the gateway cached. A batch is acked only once it is in the relay spool (fsynced).
// When the spool is full the agent is throttled and not read from until there is room: it keeps
// the batch in its own spool, so nothing is lost here.
import type { Logger } from '@vigil/core/logging';
import type { Clock } from '@vigil/core/time';
import type { PeerTrusted } from '@vigil/pki';
import type { ClientMessage, Deliver, Hello, Item, ServerMessage, Welcome } from '@vigil/protocol/link';
import type { DownstreamLink } from '../link/frame-link.ts';
import type { RelaySpool } from '../spool/relay-spool.ts';
import type { UpstreamSession } from '../upstream/upstream-session.ts';

export const CERTIFICATE_SERIAL_CAPABILITY = 'certificate-serial:';
const FULL_RETRY_MS = 500;

export interface DownstreamContext {
  readonly gatewayName: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly spool: RelaySpool;
  upstream(): UpstreamSession | undefined;
  /** Registers where deliveries for `agentId` go (this link); undefined link = forget. */
  route(agentId: string, session: DownstreamSession | undefined): void;
  /** Whether one more agent may link (maxAgents). */
  admit(): boolean;
  onEnded(session: DownstreamSession): void;
}

export interface DownstreamSession {
  readonly role: 'agent' | 'gateway';
  readonly name: string;
  id(): string | undefined;
  /** A `deliver` for an agent on (or behind) this link. */
  deliver(message: Deliver): void;
  /** Announces this link's hellos again on a new upstream session; refused agents are disconnected. */
  reannounce(session: UpstreamSession): void;
}

export function runDownstreamSession(link: DownstreamLink, peer: PeerTrusted, context: DownstreamContext): DownstreamSession {
  const { logger, spool } = context;
  const log = logger.child({ peer: peer.commonName, role: peer.role });
  const role = peer.role === 'gateway' ? 'gateway' : 'agent';
  let id: string | undefined;
  let ownHello: Hello | undefined;
  const forwardedHellos: Hello[] = [];
  const fail = (code: 'forbidden' | 'unexpected-message' | 'overloaded' | 'not-enrolled' | 'certificate-revoked' | 'unsupported-protocol-version' | 'invalid-message' | 'too-large' | 'internal', message: string): void => {
    link.send({ kind: 'error', code, message, fatal: true });
    void link.close(1008, code);
  };
  const withSerial = (hello: Hello): Hello => ({
    ...hello,
    capabilities: [...hello.capabilities.filter((c) => !c.startsWith(CERTIFICATE_SERIAL_CAPABILITY)).slice(0, 63), `${CERTIFICATE_SERIAL_CAPABILITY}${peer.serial}`],
  });

  const session: DownstreamSession = {
    role,
    name: peer.commonName,
    id: () => id,
    deliver(envelope) {
      if (role === 'gateway' && envelope.agentId !== id) return void link.send(envelope);
      link.send(envelope.message as ServerMessage);
      if (envelope.message.kind === 'error' && envelope.message.fatal) void link.close(1008, envelope.message.code);
    },
    reannounce(upstream) {
      if (ownHello) {
        void upstream.announce(withSerial(ownHello)).then((answer) => {
          if (answer?.kind === 'error') fail(answer.code === 'certificate-revoked' ? 'certificate-revoked' : 'not-enrolled', answer.message);
        });
      }
      for (const hello of forwardedHellos) void upstream.announce(hello);
    },
  };

  const welcomeFromCache = (hello: Hello): Welcome | undefined => {
    const cached = spool.cachedAgent(hello.agentName);
    return cached && cached.certificateSerial === peer.serial ? cached.welcome : undefined;
  };

  const establish = async (hello: Hello): Promise<void> => {
    if (hello.role !== role || hello.agentName !== peer.commonName) {
      return fail('forbidden', `The certificate is for ${peer.role} ${peer.commonName}, but hello says ${hello.role} ${hello.agentName}.`);
    }
    if (role === 'agent' && !context.admit()) {
      return fail('overloaded', `Gateway ${context.gatewayName} serves its maximum number of agents; use another gateway of your failover list.`);
    }
    const upstream = context.upstream();
    const answer = upstream ? await upstream.announce(withSerial(hello)) : undefined;
    if (answer?.kind === 'error') return fail(answer.code === 'certificate-revoked' ? 'certificate-revoked' : answer.code === 'not-enrolled' ? 'not-enrolled' : 'forbidden', answer.message);
    const welcome = answer ?? (role === 'agent' ? welcomeFromCache(hello) : undefined);
    if (welcome === undefined) {
      return fail('overloaded', `Gateway ${context.gatewayName} has no link to a management server right now and has not seen ${hello.agentName} before; try again or use another gateway.`);
    }
    if (answer !== undefined && role === 'agent') spool.cacheAgent(hello.agentName, { agentId: welcome.agentId, certificateSerial: peer.serial, welcome });
    id = welcome.agentId;
    ownHello = hello;
    context.route(id, session);
    link.send({ ...welcome, managementServerName: `${context.gatewayName}` });
    log.info({ agentId: id, viaCache: answer === undefined }, `${role} ${hello.agentName} linked`);
  };

  const store = async (sourceId: string, seq: number, items: readonly Item[]): Promise<void> => {
    let outcome = spool.store(sourceId, seq, items);
    if (outcome === 'full') {
      log.warn('The relay spool is full: throttling this link until the management server takes data again.');
      link.send({ kind: 'throttle', pauseMs: FULL_RETRY_MS * 2 });
      link.pause();
      while (outcome === 'full' && link.isOpen()) {
        await context.clock.sleep(FULL_RETRY_MS);
        outcome = spool.store(sourceId, seq, items);
      }
      link.resume();
      if (outcome === 'full') return;
    }
    link.send({ kind: 'ack', sourceId, seq });
    context.upstream()?.wake();
  };

  const forward = async (message: Extract<ClientMessage, { kind: 'hello' | 'enroll-request' }>): Promise<void> => {
    const upstream = context.upstream();
    if (message.kind === 'enroll-request') {
      const answer = upstream ? await upstream.enroll(message) : undefined;
      link.send(answer ?? { kind: 'enroll-result', status: 'pending', retryAfterSeconds: 30, message: `Gateway ${context.gatewayName} has no management server link right now.` });
      return;
    }
    const answer = upstream ? await upstream.announce(message) : undefined;
    if (answer?.kind === 'welcome') {
      forwardedHellos.push(message);
      context.route(answer.agentId, session);
    }
    link.send(answer ?? { kind: 'error', code: 'overloaded', message: `Gateway ${context.gatewayName} has no management server link right now.`, fatal: false });
  };

  const dispatch = async (message: ClientMessage): Promise<void> => {
    if (id === undefined) {
      if (message.kind !== 'hello') return fail('unexpected-message', `Expected hello first, got ${message.kind}.`);
      return establish(message);
    }
    switch (message.kind) {
      case 'batch':
        if (message.sourceId !== id) return fail('forbidden', `Batch source ${message.sourceId} is not this ${role} (${id}).`);
        return store(message.sourceId, message.seq, message.items);
      case 'heartbeat':
      case 'config-ack':
      case 'task-result':
        return context.upstream()?.relayControl(id, message);
      case 'relay':
        if (role !== 'gateway') return fail('forbidden', 'Only a gateway may relay.');
        if (message.message.kind === 'batch') return store(message.agentId, message.message.seq, message.message.items);
        return context.upstream()?.relayControl(message.agentId, message.message);
      case 'hello':
      case 'enroll-request':
        if (role !== 'gateway') return fail('unexpected-message', `${message.kind} is not expected on an established agent link.`);
        return forward(message);
      case 'error':
        log.warn({ code: message.code }, `peer reported: ${message.message}`);
        return;
    }
  };

  let chain: Promise<void> = Promise.resolve();
  link.listen((message) => {
    chain = chain.then(() => dispatch(message)).catch((err: unknown) => {
      log.error({ err }, 'a message could not be handled; closing the link so the peer resends');
      fail('internal', 'The gateway could not handle a message; the link will be reopened and nothing is lost.');
    });
  });
  void link.closed.then((reason) => {
    log.info({ reason }, `${role} link closed`);
    context.onEnded(session);
  });
  return session;
}
