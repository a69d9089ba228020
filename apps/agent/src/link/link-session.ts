// A welcomed link, streaming: spooled batches go out with at most maxInFlightBatches unacked,
// acks (cumulative) delete them from the spool, heartbeats carry the send-queue size, and the
// server's control messages go to the ports the supervisor passes in. The session ends when the
// link is lost, the server sends a fatal error, or the supervisor ends it; batches still unacked
// stay in the spool and are resent (same seq) on the next link.
import type { Clock, TimerHandle } from '@vigil/core/time';
import type { Logger } from '@vigil/core/logging';
import type { Config, ConfigAck, ServerAddress, ServerMessage, TaskRequest, TaskResult, Welcome, LinkErrorCode } from '@vigil/protocol/link';
import type { Spool } from '../spool/spool.ts';
import type { LinkConnection } from './link-connection.ts';
import { formatServerAddress } from './server-address.ts';

/** What a session hands back to the rest of the agent. */
export interface SessionPorts {
  readonly spool: Spool;
  onFailoverList(servers: readonly ServerAddress[]): void;
  onConfig(config: Config): Promise<ConfigAck>;
  runTask(request: TaskRequest): Promise<TaskResult>;
  /** After each ack, for status and tests. */
  onAcked?(seq: number): void;
}

export interface SessionOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxInFlightBatches: number;
  readonly batchMaxItems: number;
  /** When pending data is not signalled with wake() (e.g. appended by another process), poll this often. */
  readonly pollIntervalMs: number;
}

export type SessionEnd =
  | { readonly kind: 'lost'; readonly message: string }
  | { readonly kind: 'server-error'; readonly code: LinkErrorCode; readonly message: string }
  | { readonly kind: 'ended'; readonly reason: string };

export interface SessionStatus {
  readonly server: ServerAddress;
  readonly agentId: string;
  readonly inFlightSeqs: readonly number[];
  readonly throttledUntilMs: number | undefined;
  readonly heartbeatIntervalSeconds: number;
}

export interface Session {
  readonly done: Promise<SessionEnd>;
  /** New data is in the spool: send it if the window allows. */
  wake(): void;
  /** Closes the link cleanly; `done` resolves with { kind: 'ended', reason }. */
  end(reason: string): Promise<void>;
  status(): SessionStatus;
}

export function startSession(connection: LinkConnection, welcome: Welcome, ports: SessionPorts, options: SessionOptions): Session {
  const { clock, logger, spool } = { ...options, spool: ports.spool };
  const where = formatServerAddress(connection.address);
  const inFlight: number[] = [];
  let lastSentSeq = 0;
  let throttledUntilMs: number | undefined;
  let endReason: string | undefined;
  const timers = new Set<TimerHandle>();

  const resumed = spool.resume(welcome.committedSeq);
  if (resumed === 'renumbered') {
    logger.warn({ server: where, committedSeq: welcome.committedSeq }, 'The management server has committed more batches than this spool ever numbered (the spool was recreated); numbering continues above its mark.');
  }
  if (welcome.failoverServers.length > 0) ports.onFailoverList(welcome.failoverServers);

  function every(intervalMs: number, work: () => void): void {
    const schedule = (): void => {
      const timer = clock.setTimeout(() => {
        timers.delete(timer);
        if (endReason !== undefined || !connection.isOpen()) return;
        work();
        schedule();
      }, intervalMs);
      timers.add(timer);
    };
    schedule();
  }

  function pump(): void {
    if (endReason !== undefined || !connection.isOpen()) return;
    if (throttledUntilMs !== undefined && clock.monotonicMs() < throttledUntilMs) return;
    throttledUntilMs = undefined;
    while (inFlight.length < options.maxInFlightBatches) {
      const batch = spool.nextBatch(options.batchMaxItems, lastSentSeq);
      if (batch === undefined) return;
      if (!connection.send({ kind: 'batch', sourceId: welcome.agentId, seq: batch.seq, items: batch.items })) return;
      inFlight.push(batch.seq);
      lastSentSeq = batch.seq;
    }
  }

  function sendHeartbeat(): void {
    connection.send({ kind: 'heartbeat', timestampMs: clock.nowMs(), sendQueueBytes: spool.pendingBytes() });
  }

  function handle(message: ServerMessage): SessionEnd | undefined {
    switch (message.kind) {
      case 'ack': {
        spool.acknowledge(message.seq);
        while (inFlight.length > 0 && inFlight[0]! <= message.seq) inFlight.shift();
        ports.onAcked?.(message.seq);
        pump();
        return undefined;
      }
      case 'throttle': {
        logger.info({ server: where, pauseMs: message.pauseMs }, 'The management server asked for a pause; data keeps spooling to disk.');
        throttledUntilMs = clock.monotonicMs() + message.pauseMs;
        const timer = clock.setTimeout(() => (timers.delete(timer), pump()), message.pauseMs);
        timers.add(timer);
        return undefined;
      }
      case 'failover-list':
        ports.onFailoverList(message.servers);
        return undefined;
      case 'config':
        void ports.onConfig(message).then(
          (ack) => connection.send(ack),
          (error: unknown) => logger.error({ err: error, version: message.version }, 'Applying a configuration failed unexpectedly.'),
        );
        return undefined;
      case 'task-request':
        void ports.runTask(message).then(
          (result) => connection.send(result),
          (error: unknown) => logger.error({ err: error, taskId: message.taskId }, 'A task failed unexpectedly.'),
        );
        return undefined;
      case 'error':
        if (message.fatal) return { kind: 'server-error', code: message.code, message: message.message };
        logger.warn({ server: where, code: message.code }, `The management server reported a problem: ${message.message}`);
        return undefined;
      default:
        logger.warn({ server: where, kind: message.kind }, `Ignored an unexpected ${message.kind} message from the management server.`);
        return undefined;
    }
  }

  async function run(): Promise<SessionEnd> {
    every(welcome.heartbeatIntervalSeconds * 1000, sendHeartbeat);
    every(options.pollIntervalMs, pump);
    sendHeartbeat();
    pump();
    try {
      for (;;) {
        const received = await connection.receive(Number.POSITIVE_INFINITY);
        if (received.kind === 'closed') return endReason !== undefined ? { kind: 'ended', reason: endReason } : { kind: 'lost', message: received.reason };
        if (received.kind === 'timeout') continue;
        const end = handle(received.message);
        if (end !== undefined) {
          await connection.close(`server error ${end.kind === 'server-error' ? end.code : end.kind}`);
          return end;
        }
      }
    } finally {
      for (const timer of timers) timer.cancel();
      timers.clear();
    }
  }

  return {
    done: run(),
    wake: pump,
    async end(reason) {
      endReason ??= reason;
      await connection.close(reason);
    },
    status: () => ({
      server: connection.address,
      agentId: welcome.agentId,
      inFlightSeqs: [...inFlight],
      throttledUntilMs: throttledUntilMs === undefined ? undefined : clock.nowMs() + Math.max(0, throttledUntilMs - clock.monotonicMs()),
      heartbeatIntervalSeconds: welcome.heartbeatIntervalSeconds,
    }),
  };
}
