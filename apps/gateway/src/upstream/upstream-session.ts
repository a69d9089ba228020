// The gateway's one multiplexed link to a management server (or to an upstream gateway in a
// chain), after welcome. Everything in the relay spool goes up in arrival order with at most
// maxInFlightBatches unacked: the gateway's own batches as plain `batch`, everything else in
// `relay` envelopes that keep the producer's (sourceId, seq). A spooled batch is deleted only on
// the MS's `ack` for that pair. Requests the gateway passes on for its agents are answered in the
// order they were sent: `enroll-request` by `enroll-result`; an agent's `hello` by `welcome` or a
// non-fatal `error`. `deliver` envelopes go to the agent's link. A lost link resends every unacked
// batch on the next one (same pairs; the MS dedupes them). A batch the MS refuses (`relay-refused`:
// its source is not routed through this gateway, or not approved) frees its in-flight slot at once
// and is set aside in the spool: not resent on this link, offered once on each later link, dropped
// (counted) after the spool's REFUSED_RETENTION — so refused batches never stall the others.
import type { Logger } from '@vigil/core/logging';
import type { Clock, TimerHandle } from '@vigil/core/time';
import type { Deliver, EnrollRequest, EnrollResult, Hello, LinkError, Relay, RelayRefused, ServerAddress, ServerMessage, Welcome } from '@vigil/protocol/link';
import type { RelaySpool } from '../spool/relay-spool.ts';
import type { UpstreamLink } from '../link/frame-link.ts';

export type AnnounceAnswer = Welcome | LinkError;
export type RelayControl = Exclude<Relay['message'], { kind: 'batch' }>;

export interface UpstreamPorts {
  readonly spool: RelaySpool;
  deliver(agentId: string, message: Deliver['message']): void;
  onFailoverList(servers: readonly ServerAddress[]): void;
}

export interface UpstreamSessionOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxInFlightBatches: number;
  readonly heartbeatIntervalMs: number;
}

export interface UpstreamSession {
  readonly gatewayId: string;
  readonly welcome: Welcome;
  /** Resolves with why the link ended. */
  readonly done: Promise<string>;
  /** Passes an agent's enrollment up; undefined if the link ends first. */
  enroll(request: EnrollRequest): Promise<EnrollResult | undefined>;
  /** Announces an agent (or chained gateway) hello; undefined if the link ends first. */
  announce(hello: Hello): Promise<AnnounceAnswer | undefined>;
  /** Best-effort control traffic of a linked agent (heartbeats, config acks, task results). */
  relayControl(agentId: string, message: RelayControl): void;
  /** New rows in the spool. */
  wake(): void;
  end(reason: string): Promise<void>;
  inFlight(): number;
}

export function startUpstreamSession(link: UpstreamLink, welcome: Welcome, ports: UpstreamPorts, options: UpstreamSessionOptions): UpstreamSession {
  const { clock, logger, maxInFlightBatches } = options;
  const { spool } = ports;
  const gatewayId = welcome.agentId;
  const inFlight = new Set<string>();
  const enrollWaiters: Array<(answer: EnrollResult | undefined) => void> = [];
  const helloWaiters: Array<(answer: AnnounceAnswer | undefined) => void> = [];
  const refusedSources = new Set<string>();
  let lastRowId = 0;
  let pausedUntilMs = 0;
  let ended = false;
  const timers = new Set<TimerHandle>();
  const later = (work: () => void, delayMs: number): void => {
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      work();
    }, delayMs);
    timers.add(timer);
  };

  spool.resumeOwn(gatewayId, welcome.committedSeq);
  if (welcome.failoverServers.length > 0) ports.onFailoverList(welcome.failoverServers);

  const pump = (): void => {
    if (ended || !link.isOpen() || clock.monotonicMs() < pausedUntilMs) return;
    while (inFlight.size < maxInFlightBatches) {
      const rows = spool.next(lastRowId, Math.min(64, maxInFlightBatches - inFlight.size));
      if (rows.length === 0) return;
      for (const row of rows) {
        const batch = { kind: 'batch' as const, sourceId: row.sourceId, seq: row.seq, items: row.items };
        const sent = row.sourceId === gatewayId ? link.send(batch) : link.send({ kind: 'relay', viaGatewayId: gatewayId, agentId: row.sourceId, message: batch });
        if (!sent) return;
        inFlight.add(`${row.sourceId}/${row.seq}`);
        lastRowId = row.rowId;
      }
    }
  };

  const handle = (message: ServerMessage): void => {
    switch (message.kind) {
      case 'ack':
        spool.acknowledge(message.sourceId, message.seq);
        inFlight.delete(`${message.sourceId}/${message.seq}`);
        return pump();
      case 'relay-refused':
        return onRefused(message);
      case 'deliver':
        return ports.deliver(message.agentId, message.message);
      case 'welcome':
        return helloWaiters.shift()?.(message);
      case 'enroll-result':
        return enrollWaiters.shift()?.(message);
      case 'throttle': {
        logger.info({ pauseMs: message.pauseMs }, 'The management server asked for a pause; relayed data keeps spooling to disk.');
        pausedUntilMs = clock.monotonicMs() + message.pauseMs;
        later(pump, message.pauseMs);
        return;
      }
      case 'failover-list':
        return ports.onFailoverList(message.servers);
      case 'error':
        if (message.fatal) {
          logger.warn({ code: message.code }, `The management server ended the gateway link: ${message.message}`);
          void link.close(1000, `server error ${message.code}`);
          return;
        }
        // On a gateway link a non-fatal error is the refusal of the oldest announced hello.
        if (helloWaiters.length > 0) return helloWaiters.shift()!(message);
        logger.warn({ code: message.code }, `The management server reported: ${message.message}`);
        return;
      default:
        logger.debug({ kind: message.kind }, `Ignored ${message.kind} addressed to the gateway itself.`);
    }
  };

  // One warning per source and link (a spool replaying many refused batches would flood the log);
  // every refusal is counted in the spool's stats, every drop logged.
  const onRefused = (refusal: RelayRefused): void => {
    if (!inFlight.delete(`${refusal.agentId}/${refusal.seq}`)) return;
    const outcome = spool.setAside(refusal.agentId, refusal.seq, refusal.code);
    const context = { agentId: refusal.agentId, seq: refusal.seq, code: refusal.code };
    if (outcome.kind === 'dropped') {
      logger.error(
        { ...context, refusals: outcome.refusals, items: outcome.items, firstRefusedMs: outcome.firstRefusedMs },
        `Dropped relayed batch ${refusal.agentId}/${refusal.seq} (${outcome.items} items): the management servers refused it ${outcome.refusals} times since ${new Date(outcome.firstRefusedMs).toISOString()} (${refusal.message}). Counted in gateway.spool.refused_dropped_batches_total.`,
      );
    } else if (outcome.kind === 'held' && !refusedSources.has(refusal.agentId)) {
      refusedSources.add(refusal.agentId);
      logger.warn(
        { ...context, refusals: outcome.refusals },
        `The management server refused relayed data of ${refusal.agentId} (${refusal.code}): ${refusal.message} Its batches are set aside in the spool and offered again on the next link; further refusals on this link are only counted (gateway.spool.refused_held_batches).`,
      );
    }
    pump();
  };

  link.listen(handle);
  const heartbeat = (): void => {
    if (ended) return;
    link.send({ kind: 'heartbeat', timestampMs: clock.nowMs(), sendQueueBytes: spool.stats().pendingBytes });
    later(heartbeat, options.heartbeatIntervalMs);
  };
  heartbeat();
  const poll = (): void => {
    if (ended) return;
    pump();
    later(poll, 1000);
  };
  poll();

  const done = link.closed.then((reason) => {
    ended = true;
    for (const timer of timers) timer.cancel();
    timers.clear();
    for (const waiter of enrollWaiters.splice(0)) waiter(undefined);
    for (const waiter of helloWaiters.splice(0)) waiter(undefined);
    return reason;
  });

  return {
    gatewayId,
    welcome,
    done,
    enroll(request) {
      if (ended || !link.send(request)) return Promise.resolve(undefined);
      return new Promise((resolve) => enrollWaiters.push(resolve));
    },
    announce(hello) {
      if (ended || !link.send(hello)) return Promise.resolve(undefined);
      return new Promise((resolve) => helloWaiters.push(resolve));
    },
    relayControl(agentId, message) {
      if (!ended) link.send({ kind: 'relay', viaGatewayId: gatewayId, agentId, message });
    },
    wake: pump,
    async end(reason) {
      await link.close(1000, reason);
      await done;
    },
    inFlight: () => inFlight.size,
  };
}
