// Keeps the agent linked: enrolls it until approved, then holds one session at a time on the
// ordered server list — next server within seconds when a link drops (jittered back-off across
// the list), and back to the first server once a probe of it is welcomed. The list comes from
// --server/--failover or, once a server pushed one, from the persisted failover list.
import type { Clock } from '@vigil/core/time';
import type { Logger } from '@vigil/core/logging';
import { createKeyAndCsr, type Identity, type KeyAndCsr } from '@vigil/pki';
import type { LinkErrorCode, ServerAddress } from '@vigil/protocol/link';
import { createBackoff } from './backoff.ts';
import { enrollmentStep, type EnrollmentState } from './enrollment-step.ts';
import type { LinkConnection } from './link-connection.ts';
import { startSession, type Session, type SessionEnd, type SessionPorts, type SessionStatus } from './link-session.ts';
import type { LinkStateStore } from './link-state.store.ts';
import type { LinkTimings } from './link-timings.ts';
import { startPrimaryProbe } from './primary-probe.ts';
import { linkTo, type AgentDescription } from './server-connector.ts';
import { dedupeServers, formatServerAddress, sameServer } from './server-address.ts';
import type { Welcome } from '@vigil/protocol/link';

export type LinkState = 'starting' | EnrollmentState | 'connecting' | 'linked' | 'server-refused' | 'stopped';

export interface LinkStatus {
  readonly state: LinkState;
  readonly servers: readonly ServerAddress[];
  readonly session: SessionStatus | undefined;
  readonly lastProblem: string | undefined;
}

export interface LinkSupervisorOptions {
  readonly agent: AgentDescription;
  readonly configuredServers: readonly ServerAddress[];
  readonly joinToken?: string;
  readonly caFilePem?: string;
  readonly store: LinkStateStore;
  readonly ports: Omit<SessionPorts, 'onFailoverList'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings: LinkTimings;
  readonly maxInFlightBatches: number;
  readonly batchMaxItems: number;
}

export interface LinkSupervisor {
  status(): LinkStatus;
  /** New data was spooled. */
  wake(): void;
  /** Ends the current link cleanly and stops reconnecting. */
  stop(): Promise<void>;
}

/** Refusals that the next server would repeat (they come from the shared database or this agent). */
const SLOW_RETRY_CODES: ReadonlySet<LinkErrorCode> = new Set(['not-enrolled', 'certificate-revoked', 'unsupported-protocol-version', 'forbidden']);

type Welcomed = { readonly connection: LinkConnection; readonly welcome: Welcome; readonly index: number };

export function startLinkSupervisor(options: LinkSupervisorOptions): LinkSupervisor {
  const { clock, logger, store, timings } = options;
  const abort = new AbortController();
  const backoff = createBackoff({ initialMs: timings.reconnectInitialMs, maxMs: timings.reconnectMaxMs });
  let servers: ServerAddress[] = dedupeServers(options.configuredServers);
  let index = 0;
  let state: LinkState = 'starting';
  let lastProblem: string | undefined;
  let current: Session | undefined;
  let lastLogged = '';

  const logChange = (next: LinkState, level: 'info' | 'warn' | 'error', message: string, fields: object = {}): void => {
    state = next;
    if (level !== 'info') lastProblem = message;
    if (`${next}|${message}` === lastLogged) return;
    lastLogged = `${next}|${message}`;
    logger[level]({ linkState: next, ...fields }, message);
  };
  const sleep = (delayMs: number): Promise<void> => clock.sleep(delayMs, abort.signal).catch(() => undefined);
  const nextServer = (): void => void (index = (index + 1) % servers.length);

  function adoptFailoverList(pushed: readonly ServerAddress[]): void {
    const list = dedupeServers(pushed);
    if (list.length === 0) return;
    if (list.length === servers.length && list.every((s, i) => sameServer(s, servers[i]!))) return;
    const at = current === undefined ? undefined : current.status().server;
    servers = list;
    const found = at === undefined ? -1 : servers.findIndex((s) => sameServer(s, at));
    // Linked to a server no longer listed: stay on it, the probe moves the link to the new primary.
    index = found === -1 ? (at === undefined ? 0 : servers.length) : found;
    logger.info({ servers: servers.map(formatServerAddress) }, `Failover list updated: ${servers.map(formatServerAddress).join(', ')}.`);
    store.writeFailoverList(servers).catch((error: unknown) => logger.error({ err: error }, 'Could not persist the failover list; it applies until restart.'));
  }

  async function ensureKeyAndCsr(): Promise<KeyAndCsr> {
    const existing = await store.readKeyAndCsr();
    if (existing !== undefined) return existing;
    const created = await createKeyAndCsr({ commonName: options.agent.agentName });
    await store.writeKeyAndCsr(created);
    logger.info({ identityDir: store.identityDir }, 'Created this agent\'s private key and certificate request.');
    return created;
  }

  async function enroll(keyAndCsr: KeyAndCsr): Promise<void> {
    const step = await enrollmentStep(
      {
        store, keyAndCsr, clock, logger, timings,
        agentName: options.agent.agentName,
        hostName: options.agent.hostName,
        ...(options.joinToken === undefined ? {} : { joinToken: options.joinToken }),
        ...(options.caFilePem === undefined ? {} : { caFilePem: options.caFilePem }),
        logChange,
      },
      servers[index % servers.length]!,
    );
    if (step.state === 'refused' || step.state === 'unreachable') nextServer();
    if (step.retry.kind === 'after') await sleep(step.retry.delayMs);
    else if (step.retry.kind === 'next-server') await sleep(backoff.nextDelayMs());
    else backoff.reset();
  }

  async function connect(identity: Identity): Promise<Welcomed | undefined> {
    const address = servers[index % servers.length]!;
    const where = formatServerAddress(address);
    if (state !== 'linked') state = 'connecting';
    const outcome = await linkTo(address, identity, options.agent, { clock, timeoutMs: timings.connectTimeoutMs });
    if (outcome.kind === 'welcomed') return { connection: outcome.connection, welcome: outcome.welcome, index: index % servers.length };
    if (outcome.kind === 'refused' && SLOW_RETRY_CODES.has(outcome.code)) {
      logChange('server-refused', 'error', `${where} refused this agent (${outcome.code}): ${outcome.message} Retrying every ${Math.round(timings.refusedRetryMs / 1000)} s.`, { server: where });
      nextServer();
      await sleep(timings.refusedRetryMs);
      return undefined;
    }
    const why = outcome.kind === 'refused' ? `${outcome.code}: ${outcome.message}` : outcome.message;
    logChange('connecting', 'warn', `No link to ${where} (${why}); trying the next server.`, { server: where });
    nextServer();
    await sleep(backoff.nextDelayMs());
    return undefined;
  }

  async function runSessions(first: Welcomed): Promise<void> {
    let next: Welcomed | undefined = first;
    while (next !== undefined && !abort.signal.aborted) {
      const linked: Welcomed = next;
      next = undefined;
      index = linked.index;
      backoff.reset();
      const where = formatServerAddress(linked.connection.address);
      logChange('linked', 'info', `Linked to ${linked.welcome.managementServerName} at ${where} (group ${linked.welcome.groupName}, agent id ${linked.welcome.agentId}).`, { server: where });
      const session = startSession(linked.connection, linked.welcome, { ...options.ports, onFailoverList: adoptFailoverList }, {
        clock, logger,
        maxInFlightBatches: options.maxInFlightBatches,
        batchMaxItems: options.batchMaxItems,
        pollIntervalMs: timings.pollIntervalMs,
      });
      current = session;
      const probe = index === 0 ? undefined : startPrimaryProbe({
        primary: () => servers[0]!,
        isPrimary: (address) => sameServer(address, servers[0]!),
        connect: async (address) => {
          const identity = await store.readIdentity();
          if (identity === undefined) return undefined;
          const outcome = await linkTo(address, identity, options.agent, { clock, timeoutMs: timings.connectTimeoutMs });
          return outcome.kind === 'welcomed' ? outcome : undefined;
        },
        onWelcomed: async (connection, welcome) => {
          logger.info({ server: formatServerAddress(connection.address) }, `Primary ${formatServerAddress(connection.address)} accepts links again; moving back to it.`);
          next = { connection, welcome, index: 0 };
          await session.end('failback to the primary management server');
        },
        clock, intervalMs: timings.primaryProbeIntervalMs,
      });
      const end: SessionEnd = await session.done;
      probe?.stop();
      current = undefined;
      if (next !== undefined || abort.signal.aborted) continue;
      await afterSessionEnd(end, where);
    }
  }

  async function afterSessionEnd(end: SessionEnd, where: string): Promise<void> {
    if (end.kind === 'server-error' && SLOW_RETRY_CODES.has(end.code)) {
      logChange('server-refused', 'error', `${where} ended the link (${end.code}): ${end.message} Retrying every ${Math.round(timings.refusedRetryMs / 1000)} s.`, { server: where });
      nextServer();
      await sleep(timings.refusedRetryMs);
      return;
    }
    const why = end.kind === 'server-error' ? `${end.code}: ${end.message}` : end.kind === 'lost' ? end.message : end.reason;
    logChange('connecting', 'warn', `Link to ${where} lost (${why}); failing over to the next server.`, { server: where });
    nextServer();
    await sleep(backoff.nextDelayMs());
  }

  async function run(): Promise<void> {
    const persisted = await store.readFailoverList();
    if (persisted !== undefined && persisted.length > 0) servers = dedupeServers([...persisted, ...servers]);
    const keyAndCsr = await ensureKeyAndCsr();
    while (!abort.signal.aborted) {
      let identity: Identity | undefined;
      try {
        identity = await store.readIdentity();
      } catch (error) {
        logChange('server-refused', 'error', `The stored certificate cannot be used: ${(error as Error).message}`);
        await sleep(timings.refusedRetryMs);
        continue;
      }
      if (identity === undefined) {
        await enroll(keyAndCsr);
        continue;
      }
      const welcomed = await connect(identity);
      if (welcomed !== undefined) {
        if (abort.signal.aborted) await welcomed.connection.close('agent stopping');
        else await runSessions(welcomed);
      }
    }
  }

  const running = run().catch((error: unknown) => {
    logger.fatal({ err: error }, `The link stopped on an unexpected error: ${(error as Error).message}`);
  });

  return {
    status: () => ({ state, servers: [...servers], session: current?.status(), lastProblem }),
    wake: () => current?.wake(),
    async stop() {
      abort.abort();
      await current?.end('agent stopping');
      await running;
      state = 'stopped';
    },
  };
}
