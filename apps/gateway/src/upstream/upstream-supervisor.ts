// Keeps the gateway linked upstream in dial mode: enrolls the gateway until approved, then holds
// one link at a time on the ordered server list — the next server within seconds when a link
// drops (jittered back-off), and back to the first once a probe of it is welcomed (failback).
import type { Logger } from '@vigil/core/logging';
import type { Clock, TimerHandle } from '@vigil/core/time';
import { parseJoinToken, type Identity } from '@vigil/pki';
import type { ServerAddress } from '@vigil/protocol/link';
import { formatAddress, sameAddress } from '../link/address.ts';
import { dialUpstream, gatewayHello, upstreamHandshake, presentedCaPem, caMatchesTrust } from './upstream-dial.ts';
import type { GatewayIdentityStore } from './gateway-identity.ts';
import { startUpstreamSession, type UpstreamPorts, type UpstreamSession } from './upstream-session.ts';
import type { UpstreamLink } from '../link/frame-link.ts';
import type { Welcome } from '@vigil/protocol/link';

export type UpstreamState = 'starting' | 'enrolling' | 'pending' | 'rejected' | 'connecting' | 'linked' | 'refused' | 'listening' | 'stopped';

export interface UpstreamStatus {
  readonly state: UpstreamState;
  readonly server: string | undefined;
  readonly lastProblem: string | undefined;
}

export interface Upstream {
  session(): UpstreamSession | undefined;
  status(): UpstreamStatus;
  stop(): Promise<void>;
}

export interface UpstreamDeps {
  readonly name: string;
  readonly hostName: string;
  readonly version: string;
  readonly identity: GatewayIdentityStore;
  readonly ports: Omit<UpstreamPorts, 'onFailoverList'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly compression: boolean;
  readonly joinToken: string | undefined;
  readonly caFilePem: string | undefined;
  readonly timings: { connectTimeoutMs: number; reconnectInitialMs: number; reconnectMaxMs: number; primaryProbeIntervalMs: number; enrollRetryMs: number; heartbeatIntervalMs: number };
  readonly maxInFlightBatches: number;
  /** A new upstream session is up: re-announce linked agents, resume health reports. */
  onLinked(session: UpstreamSession): void;
  /** The approved identity is known (at start or after enrollment): start serving agents. */
  onIdentity(identity: Identity): Promise<void>;
}

export function trustOf(deps: Pick<UpstreamDeps, 'caFilePem' | 'joinToken'>): { caFilePem?: string; pinnedCaSha256?: string } {
  return {
    ...(deps.caFilePem === undefined ? {} : { caFilePem: deps.caFilePem }),
    ...(deps.joinToken === undefined ? {} : { pinnedCaSha256: parseJoinToken(deps.joinToken).caSha256 }),
  };
}

/** Starts the upstream session on a welcomed link (dialed by either end). */
export function beginSession(deps: UpstreamDeps, link: UpstreamLink, welcome: Welcome, onFailoverList: UpstreamPorts['onFailoverList'] = () => undefined): UpstreamSession {
  const session = startUpstreamSession(link, welcome, { ...deps.ports, onFailoverList }, {
    clock: deps.clock, logger: deps.logger, maxInFlightBatches: deps.maxInFlightBatches, heartbeatIntervalMs: deps.timings.heartbeatIntervalMs,
  });
  deps.ports.spool.setText('gatewayId', welcome.agentId);
  deps.ports.spool.setText('groupName', welcome.groupName);
  deps.onLinked(session);
  return session;
}

export function startDialUpstream(deps: UpstreamDeps, configured: readonly ServerAddress[]): Upstream {
  const { clock, logger, timings } = deps;
  const abort = new AbortController();
  let servers = [...configured];
  let index = 0;
  let state: UpstreamState = 'starting';
  let lastProblem: string | undefined;
  let current: UpstreamSession | undefined;
  let ceilingMs = timings.reconnectInitialMs;
  const sleep = (ms: number): Promise<void> => clock.sleep(ms, abort.signal).catch(() => undefined);
  const backoff = (): number => {
    const delay = ceilingMs / 2 + Math.random() * (ceilingMs / 2);
    ceilingMs = Math.min(timings.reconnectMaxMs, ceilingMs * 2);
    return Math.round(delay);
  };
  const problem = (next: UpstreamState, message: string): void => {
    state = next;
    if (lastProblem !== message) logger.warn({ upstreamState: next }, message);
    lastProblem = message;
  };
  const next = (): void => void (index = (index + 1) % servers.length);

  const onFailoverList = (list: readonly ServerAddress[]): void => {
    if (list.length === 0 || (list.length === servers.length && list.every((s, i) => sameAddress(s, servers[i]!)))) return;
    const at = servers[index];
    servers = [...list];
    index = Math.max(0, at === undefined ? 0 : servers.findIndex((s) => sameAddress(s, at)));
    logger.info({ servers: servers.map(formatAddress) }, `Upstream failover list updated: ${servers.map(formatAddress).join(', ')}.`);
  };

  async function enroll(): Promise<void> {
    state = 'enrolling';
    const address = servers[index]!;
    const where = formatAddress(address);
    const keyAndCsr = await deps.identity.keyAndCsr();
    const opened = await dialUpstream({ address, identity: undefined, compression: false, timeoutMs: timings.connectTimeoutMs, clock });
    if (opened.kind === 'failed') return problem('connecting', `Cannot enroll at ${where}: ${opened.message}`), next(), sleep(backoff());
    const trust = trustOf(deps);
    const presented = presentedCaPem(opened.peer);
    if (presented !== undefined && !caMatchesTrust(presented, trust)) {
      await opened.link.close(1000, 'untrusted CA');
      problem('refused', `${where} presents a CA other than the one pinned by --ca-file or the join token; nothing was sent.`);
      return next(), sleep(timings.enrollRetryMs);
    }
    opened.link.send({ kind: 'enroll-request', agentName: deps.name, hostName: deps.hostName, csrPem: keyAndCsr.csrPem, ...(deps.joinToken === undefined ? {} : { joinToken: deps.joinToken }) });
    const answer = await opened.link.first(timings.connectTimeoutMs);
    await opened.link.close(1000, 'enrollment done');
    if (answer?.kind !== 'enroll-result') return problem('connecting', `${where} did not answer the gateway's enrollment request (${answer?.kind ?? 'no answer'}).`), sleep(backoff());
    if (answer.status === 'approved') {
      if (!caMatchesTrust(answer.caCertPem, trust)) return problem('refused', `${where} approved the gateway with a CA other than the pinned one; the certificate was not stored.`), sleep(timings.enrollRetryMs);
      await deps.identity.write({ certPem: answer.certPem, privateKeyPem: keyAndCsr.privateKeyPem, caCertPem: answer.caCertPem });
      logger.info({ server: where }, 'Gateway approved; certificate stored.');
      return;
    }
    problem(answer.status === 'pending' ? 'pending' : 'rejected', `Gateway enrollment ${answer.status}: ${answer.message}`);
    await sleep(answer.status === 'pending' ? Math.min(answer.retryAfterSeconds * 1000, timings.enrollRetryMs) : timings.enrollRetryMs);
  }

  async function link(identity: Identity, address: ServerAddress): Promise<{ link: UpstreamLink; welcome: Welcome } | string> {
    const opened = await dialUpstream({ address, identity, compression: deps.compression, timeoutMs: timings.connectTimeoutMs, clock });
    if (opened.kind === 'failed') return opened.message;
    const outcome = await upstreamHandshake(opened.link, gatewayHello(deps.name, deps.hostName, deps.version), timings.connectTimeoutMs);
    if (outcome.kind === 'welcomed') return { link: opened.link, welcome: outcome.welcome };
    await opened.link.close(1000, 'handshake failed');
    return outcome.kind === 'refused' ? `refused (${outcome.code}): ${outcome.message}` : outcome.message;
  }

  async function run(): Promise<void> {
    while (!abort.signal.aborted) {
      const identity = await deps.identity.read();
      if (identity === undefined) {
        await enroll();
        continue;
      }
      await deps.onIdentity(identity);
      const address = servers[index]!;
      const linked = await link(identity, address);
      if (typeof linked === 'string') {
        problem('connecting', `No upstream link to ${formatAddress(address)} (${linked}); trying the next server.`);
        next();
        await sleep(linked.startsWith('refused') ? timings.reconnectMaxMs : backoff());
        continue;
      }
      let session: UpstreamSession | undefined = beginSession(deps, linked.link, linked.welcome, onFailoverList);
      while (session !== undefined && !abort.signal.aborted) {
        current = session;
        state = 'linked';
        ceilingMs = timings.reconnectInitialMs;
        logger.info({ server: formatAddress(servers[index]!) }, `Gateway linked upstream to ${session.welcome.managementServerName} at ${formatAddress(servers[index]!)}.`);
        const active: UpstreamSession = session;
        let failback: UpstreamSession | undefined;
        let probe: TimerHandle | undefined;
        const tryPrimary = async (): Promise<void> => {
          const probed = await link(identity, servers[0]!);
          if (typeof probed === 'string') return void (probe = clock.setTimeout(() => void tryPrimary(), timings.primaryProbeIntervalMs));
          if (current !== active || abort.signal.aborted) return probed.link.close(1000, 'probe not needed');
          logger.info(`Primary ${formatAddress(servers[0]!)} accepts links again; moving back to it.`);
          index = 0;
          failback = beginSession(deps, probed.link, probed.welcome, onFailoverList);
          await active.end('failback to the primary management server');
        };
        if (index !== 0) probe = clock.setTimeout(() => void tryPrimary(), timings.primaryProbeIntervalMs);
        const reason = await session.done;
        probe?.cancel();
        current = undefined;
        session = failback;
        if (session === undefined && !abort.signal.aborted) {
          problem('connecting', `Upstream link to ${formatAddress(servers[index]!)} lost (${reason}); failing over to the next server.`);
          next();
          await sleep(backoff());
        }
      }
    }
  }

  const running = run().catch((error: unknown) => logger.fatal({ err: error }, `The upstream link stopped on an unexpected error: ${(error as Error).message}`));
  return {
    session: () => current,
    status: () => ({ state, server: current ? formatAddress(servers[index]!) : undefined, lastProblem }),
    async stop() {
      abort.abort();
      await current?.end('gateway stopping');
      await running;
      state = 'stopped';
    },
  };
}
