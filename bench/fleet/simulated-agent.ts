// One simulated agent speaking the real link protocol over its own TLS 1.3 link with its own
// certificate: hello → welcome → batches with (sourceId, seq) → cumulative acks, heartbeats,
// throttle. It keeps unacknowledged batches (its "spool") across links and resends them with
// the same seq, fails over down its server list with jittered back-off like the real agent
// (250 ms doubling to 5 s), and reports what it sent and what was acked through FleetCounters.
// It does not fail back (the real agent probes its primary every 30 s); benchmarks don't need it.
import { WebSocket } from 'ws';
import { decodeFrame, encodeFrame, type ClientMessage, type Item, type ServerMessage } from '@vigil/protocol';
import type { FleetCounters } from './fleet-counters.ts';
import { ALERTING_MONITOR_ID, BENCH_MONITOR_ID, computerObjectKey, healthServiceObjectKey, type FleetProfile } from './fleet-profile.ts';

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

export interface AgentTls {
  readonly certPem: string;
  readonly keyPem: string;
  readonly caCertPem: string;
}

/** Notifications a fleet turns into report lines. */
export interface AgentObserver {
  heartbeatSent(agent: SimulatedAgent, sentMs: number): void;
  /** First ack after the agent had lost a link: its data flows again (through `serverIndex`). */
  recovered(agent: SimulatedAgent, atMs: number, serverIndex: number, downSinceMs: number): void;
}

interface PendingBatch {
  readonly seq: number;
  readonly items: readonly Item[];
  sentAtMs: number;
  sends: number;
}

const PROTOCOL_VERSIONS = [1];
const RECONNECT_INITIAL_MS = 250;
const RECONNECT_MAX_MS = 5000;

export class SimulatedAgent {
  readonly index: number;
  readonly name: string;
  readonly hostName: string;
  agentId: string | undefined;
  serverIndex = 0;
  private ws: WebSocket | undefined;
  private linked = false;
  private stopped = false;
  private nextSeq = 1;
  private unsent: PendingBatch[] = [];
  private inflight: PendingBatch[] = [];
  private pendingItems: Item[] = [];
  private pausedUntilMs = 0;
  private downSinceMs: number | undefined;
  private backoffCeilingMs = RECONNECT_INITIAL_MS;
  private timers = new Set<NodeJS.Timeout>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private valueCounter = 0;
  private lastTimestampMs = 0;
  private alertingState: 'healthy' | 'warning' = 'healthy';
  private benchState: 'healthy' | 'critical' = 'healthy';
  private flooding = false;

  private readonly servers: readonly ServerAddress[];
  private readonly tls: AgentTls;
  private readonly profile: FleetProfile;
  private readonly counters: FleetCounters;
  private readonly observer: AgentObserver;

  constructor(options: { index: number; name: string; servers: readonly ServerAddress[]; tls: AgentTls; profile: FleetProfile; counters: FleetCounters; observer: AgentObserver }) {
    this.index = options.index;
    this.name = options.name;
    this.hostName = `${options.name}.bench.local`;
    this.servers = options.servers;
    this.tls = options.tls;
    this.profile = options.profile;
    this.counters = options.counters;
    this.observer = options.observer;
  }

  get isLinked(): boolean {
    return this.linked;
  }

  /** Batches produced but not yet acknowledged (sent or waiting to be). */
  get unackedBatches(): number {
    return this.unsent.length + this.inflight.length + (this.pendingItems.length > 0 ? 1 : 0);
  }

  start(): void {
    this.counters.started++;
    this.connect();
    if (this.profile.flood) return;
    this.every(this.profile.perfIntervalSeconds * 1000, () => this.producePerf(this.profile.perfCounters));
    this.poisson(this.profile.stateChangesPerHour, () => this.produceBenchStateChange());
    this.poisson(this.profile.eventsPerHour, () => this.produceEvent());
    this.poisson(this.profile.alertsPerHour, () => this.produceAlert());
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.ws?.close(1000, 'agent stopping');
  }

  /** Starts the ingest flood of the profile (agents link first, then flood together). */
  startFlood(): void {
    this.flooding = true;
    this.topUpFlood();
    this.flush();
  }

  /** Flips the alerting monitor (healthy ⇄ warning) at once; returns the new state and when. */
  toggleAlertingMonitor(): { toState: 'healthy' | 'warning'; sentMs: number } {
    const fromState = this.alertingState;
    this.alertingState = fromState === 'healthy' ? 'warning' : 'healthy';
    const sentMs = Date.now();
    this.produce([{
      kind: 'state-change', objectKey: healthServiceObjectKey(this.name), monitorId: ALERTING_MONITOR_ID,
      fromState, toState: this.alertingState, timestampMs: sentMs, context: { source: 'bench' },
    }]);
    return { toState: this.alertingState, sentMs };
  }

  private connect(): void {
    if (this.stopped) return;
    const server = this.servers[this.serverIndex]!;
    const openedAt = Date.now();
    const ws = new WebSocket(`wss://${server.host}:${server.port}/link`, {
      cert: this.tls.certPem,
      key: this.tls.keyPem,
      ca: [this.tls.caCertPem],
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      rejectUnauthorized: true,
      perMessageDeflate: false,
      handshakeTimeout: 60_000,
    });
    this.ws = ws;
    ws.on('open', () => {
      this.counters.linksOpened++;
      this.send({ kind: 'hello', protocolVersions: PROTOCOL_VERSIONS, role: 'agent', agentName: this.name, hostName: this.hostName, agentVersion: 'bench-fleet', capabilities: [] });
    });
    ws.on('message', (data: Buffer) => {
      const decoded = decodeFrame(data.toString('utf8'), 'to-client');
      if (decoded.kind === 'invalid') {
        this.countError(`invalid-frame:${decoded.code}`);
        return;
      }
      this.onMessage(decoded.message, openedAt);
    });
    ws.on('error', (err: NodeJS.ErrnoException) => {
      this.countError(err.code ?? err.message.slice(0, 40));
    });
    ws.on('close', () => this.onClose(ws));
  }

  private onMessage(message: ServerMessage, openedAt: number): void {
    switch (message.kind) {
      case 'welcome': {
        this.agentId = message.agentId;
        this.linked = true;
        this.counters.linked++;
        this.counters.linkLatency.record(Date.now() - openedAt);
        this.backoffCeilingMs = RECONNECT_INITIAL_MS;
        // The server's committed mark is a cumulative ack that covers acks lost with the old link.
        const committed = message.committedSeq;
        for (const batch of [...this.inflight, ...this.unsent].filter((b) => b.seq <= committed)) this.countAcked(batch, false);
        this.unsent = [...this.inflight, ...this.unsent].filter((b) => b.seq > committed);
        this.inflight = [];
        if (this.pendingItems.length > 0) this.produce([]);
        this.scheduleHeartbeat(message.heartbeatIntervalSeconds, true);
        this.topUpFlood();
        this.flush();
        return;
      }
      case 'ack': {
        const now = Date.now();
        let acked = 0;
        while (this.inflight.length > 0 && this.inflight[0]!.seq <= message.seq) {
          const batch = this.inflight.shift()!;
          this.countAcked(batch, true, now);
          acked++;
        }
        if (acked > 0 && this.downSinceMs !== undefined) {
          this.observer.recovered(this, now, this.serverIndex, this.downSinceMs);
          this.downSinceMs = undefined;
        }
        this.topUpFlood();
        this.flush();
        return;
      }
      case 'throttle':
        this.counters.throttles++;
        this.pausedUntilMs = Date.now() + message.pauseMs;
        this.later(message.pauseMs, () => this.flush());
        return;
      case 'error':
        this.countError(`server:${message.code}`);
        return;
      default:
        return; // config, tasks and failover lists are not simulated
    }
  }

  private onClose(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.ws = undefined;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    if (this.linked) {
      this.counters.closes++;
      this.counters.linked--;
      this.downSinceMs ??= Date.now();
    } else {
      this.counters.linkFailures++;
    }
    this.linked = false;
    // What was in flight on the lost link is resent, with the same seq, on the next one.
    this.unsent = [...this.inflight, ...this.unsent];
    this.inflight = [];
    if (this.stopped) return;
    if (this.downSinceMs !== undefined || this.servers.length > 1) this.serverIndex = (this.serverIndex + 1) % this.servers.length;
    const delay = this.backoffCeilingMs / 2 + Math.random() * (this.backoffCeilingMs / 2);
    this.backoffCeilingMs = Math.min(RECONNECT_MAX_MS, this.backoffCeilingMs * 2);
    this.later(delay, () => this.connect());
  }

  private scheduleHeartbeat(intervalSeconds: number, first: boolean): void {
    const periodMs = (this.profile.heartbeatIntervalSeconds ?? intervalSeconds) * 1000;
    // Random phase on a new link: a fleet that links together must not heartbeat in lock-step.
    const delay = first ? Math.random() * periodMs : periodMs;
    this.heartbeatTimer = setTimeout(() => {
      if (!this.linked) return;
      const sentMs = Date.now();
      this.send({ kind: 'heartbeat', timestampMs: sentMs, sendQueueBytes: 0 });
      this.counters.heartbeatsSent++;
      this.observer.heartbeatSent(this, sentMs);
      this.scheduleHeartbeat(intervalSeconds, false);
    }, delay);
  }

  private producePerf(count: number): void {
    const now = Date.now();
    // Strictly increasing timestamps per agent: (series, time) is then unique for every sample,
    // which is how duplicates are found in the database.
    const timestampMs = Math.max(now, this.lastTimestampMs + 1);
    this.lastTimestampMs = timestampMs;
    const objectKey = computerObjectKey(this.hostName);
    const items: Item[] = [];
    for (let c = 0; c < count; c++) items.push({ kind: 'perf', objectKey, counter: `bench.counter.${String(c).padStart(3, '0')}`, value: ++this.valueCounter, timestampMs });
    this.produce(items);
  }

  private produceBenchStateChange(): void {
    const fromState = this.benchState;
    this.benchState = fromState === 'healthy' ? 'critical' : 'healthy';
    this.produce([{ kind: 'state-change', objectKey: computerObjectKey(this.hostName), monitorId: BENCH_MONITOR_ID, fromState, toState: this.benchState, timestampMs: Date.now(), context: { value: this.valueCounter } }]);
  }

  private produceEvent(): void {
    this.produce([{ kind: 'event', objectKey: computerObjectKey(this.hostName), eventId: 1000, level: 'information', message: 'bench event', timestampMs: Date.now() }]);
  }

  private produceAlert(): void {
    this.produce([{
      kind: 'alert', objectKey: computerObjectKey(this.hostName), origin: { kind: 'rule', ruleId: 'Vigil.Bench.Rule' }, severity: 'warning', priority: 'low',
      name: 'Bench rule alert', description: 'raised by the fleet simulator', timestampMs: Date.now(), suppressionKey: 'bench',
    }]);
  }

  private topUpFlood(): void {
    const flood = this.profile.flood;
    if (!flood || !this.flooding) return;
    while (this.linked && this.inflight.length + this.unsent.length < flood.windowBatches) {
      this.producePerf(flood.batchItems);
    }
  }

  /** Items become a batch (seq assigned once, forever) as soon as the agent knows its id. */
  private produce(items: readonly Item[]): void {
    if (this.agentId === undefined) {
      this.pendingItems.push(...items);
      return;
    }
    const all = this.pendingItems.length > 0 ? [...this.pendingItems, ...items] : items;
    this.pendingItems = [];
    if (all.length === 0) return;
    this.unsent.push({ seq: this.nextSeq++, items: all, sentAtMs: 0, sends: 0 });
    this.flush();
  }

  private flush(): void {
    if (!this.linked || Date.now() < this.pausedUntilMs) return;
    while (this.unsent.length > 0) {
      const batch = this.unsent.shift()!;
      batch.sentAtMs = Date.now();
      batch.sends++;
      if (batch.sends > 1) this.counters.batchesResent++;
      this.counters.batchesSent++;
      this.inflight.push(batch);
      this.send({ kind: 'batch', sourceId: this.agentId!, seq: batch.seq, items: batch.items as Item[] });
    }
  }

  private countAcked(batch: PendingBatch, timed: boolean, now = Date.now()): void {
    this.counters.batchesAcked++;
    this.counters.itemsAcked += batch.items.length;
    for (const item of batch.items) {
      if (item.kind === 'perf') this.counters.perfAcked++;
      else if (item.kind === 'state-change') this.counters.stateChangesAcked++;
      else if (item.kind === 'event') this.counters.eventsAcked++;
      else if (item.kind === 'alert') this.counters.alertsAcked++;
    }
    if (timed && batch.sentAtMs > 0) this.counters.ackLatency.record(now - batch.sentAtMs);
  }

  private send(message: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeFrame(message));
  }

  private countError(code: string): void {
    this.counters.errors[code] = (this.counters.errors[code] ?? 0) + 1;
  }

  private later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  private every(periodMs: number, action: () => void): void {
    const tick = (): void => {
      action();
      this.later(periodMs, tick);
    };
    this.later(Math.random() * periodMs, tick);
  }

  private poisson(perHour: number, action: () => void): void {
    if (perHour <= 0) return;
    const meanMs = 3_600_000 / perHour;
    const next = (): void => this.later(-Math.log(1 - Math.random()) * meanMs, () => {
      action();
      next();
    });
    next();
  }
}
