// The gateway's own health, reported upstream as items of its own batches so it is monitored like
// any object (the MS created the Vigil.Core.Gateway object for it when it linked): the relay
// spool (queue) with the send-queue thresholds SCOM uses for agents (warning ≥ 50 %, critical
// ≥ 60 % of the quota), its links and the agents behind it, and any loss (counted, never silent).
import type { Logger } from '@vigil/core/logging';
import type { Clock, TimerHandle } from '@vigil/core/time';
import type { HealthState, Item } from '@vigil/protocol/link';
import type { RelaySpool } from '../spool/relay-spool.ts';

export const GATEWAY_SEND_QUEUE_MONITOR = 'Vigil.Core.Gateway.SendQueue';

export interface GatewayHealthSources {
  readonly name: string;
  readonly spool: RelaySpool;
  linkedAgents(): number;
  linkedGateways(): number;
  upstreamLinked(): boolean;
  upstreamInFlight(): number;
}

export function sendQueueState(usedPercent: number): HealthState {
  return usedPercent >= 60 ? 'critical' : usedPercent >= 50 ? 'warning' : 'healthy';
}

/** One report: perf samples of every gauge, and a state change when the send-queue state changed. */
export function gatewayHealthItems(sources: GatewayHealthSources, nowMs: number, previous: HealthState | undefined): { items: Item[]; state: HealthState } {
  const stats = sources.spool.stats();
  const objectKey = `Vigil.Core.Gateway:${sources.name}`;
  const usedPercent = Math.round((stats.pendingBytes / stats.quotaBytes) * 10_000) / 100;
  const gauges: Record<string, number> = {
    'gateway.spool.pending_batches': stats.pendingBatches,
    'gateway.spool.pending_bytes': stats.pendingBytes,
    'gateway.spool.used_percent': usedPercent,
    'gateway.spool.dropped_items_total': stats.droppedItems,
    'gateway.spool.refused_full_total': stats.refusedFull,
    'gateway.spool.refused_by_server_total': stats.refusedByServer,
    'gateway.spool.refused_held_batches': stats.refusedHeldBatches,
    'gateway.spool.refused_dropped_batches_total': stats.refusedDroppedBatches,
    'gateway.agents.linked': sources.linkedAgents(),
    'gateway.gateways.linked': sources.linkedGateways(),
    'gateway.upstream.linked': sources.upstreamLinked() ? 1 : 0,
    'gateway.upstream.in_flight': sources.upstreamInFlight(),
  };
  const items: Item[] = Object.entries(gauges).map(([counter, value]) => ({ kind: 'perf', objectKey, counter, value, timestampMs: nowMs }));
  const state = sendQueueState(usedPercent);
  if (state !== previous) {
    items.push({
      kind: 'state-change', objectKey, monitorId: GATEWAY_SEND_QUEUE_MONITOR, fromState: previous ?? 'unknown', toState: state, timestampMs: nowMs,
      context: { usedPercent, pendingBytes: stats.pendingBytes, quotaBytes: stats.quotaBytes, droppedItemsTotal: stats.droppedItems },
    });
  }
  return { items, state };
}

/** Spools a report every intervalMs once the gateway knows its id (from its first welcome). */
export function startHealthReporter(sources: GatewayHealthSources, options: { clock: Clock; logger: Logger; intervalMs: number; onSpooled(): void }): { stop(): void } {
  let previous: HealthState | undefined;
  let timer: TimerHandle | undefined;
  const tick = (): void => {
    const gatewayId = sources.spool.getText('gatewayId');
    if (gatewayId !== undefined) {
      const report = gatewayHealthItems(sources, options.clock.nowMs(), previous);
      if (sources.spool.storeOwn(gatewayId, report.items)) {
        previous = report.state;
        options.onSpooled();
      } else {
        options.logger.error({ droppedItemsTotal: sources.spool.stats().droppedItems }, 'The relay spool is full: this health report was dropped (counted).');
      }
    }
    timer = options.clock.setTimeout(tick, options.intervalMs);
  };
  timer = options.clock.setTimeout(tick, Math.min(1000, options.intervalMs));
  return { stop: () => timer?.cancel() };
}
