// The agent's own health: the send-queue monitor on its health service (warning ≥ 50 %,
// critical ≥ 60 % of the spool quota, evaluated by the agent) and the queue size as a series.
import { ensurePerfSeries, appendPerfSamples, seriesCacheKey } from '@vigil/store';
import type { ItemWriter } from './item-writer.ts';
import { healthServiceKey } from '../object-keys.ts';
import { applyMonitorState } from '../../health/monitor-state-applier.ts';

export const SEND_QUEUE_MONITOR = 'Vigil.Core.HealthService.SendQueue';
export const SEND_QUEUE_COUNTER = 'healthservice.spool.used_percent';

export const agentHealthItemWriter: ItemWriter<'agent-health'> = {
  kind: 'agent-health',
  async write(items, context) {
    const key = healthServiceKey(context.source.agentName);
    const objectId = await context.objects.resolve(context.trx, key, context.source.agentId, context.clock.nowMs());
    const identity = { objectKey: key, counter: SEND_QUEUE_COUNTER, instance: '' };
    let seriesId = context.seriesIds.get(seriesCacheKey(identity));
    if (!seriesId) {
      seriesId = (await ensurePerfSeries(context.trx, [identity], context.clock.nowMs())).get(seriesCacheKey(identity))!;
      context.seriesIds.set(seriesCacheKey(identity), seriesId);
    }
    const ordered = [...items].sort((a, b) => a.timestampMs - b.timestampMs);
    await appendPerfSamples(context.trx, ordered.map((item) => [seriesId, item.timestampMs, item.sendQueuePercent] as const));
    for (const item of ordered) {
      await applyMonitorState(context, {
        objectId,
        monitorId: SEND_QUEUE_MONITOR,
        toState: item.sendQueueState,
        atMs: item.timestampMs,
        context: { sendQueuePercent: item.sendQueuePercent, sendQueueBytes: item.sendQueueBytes, quotaBytes: item.quotaBytes, droppedItemsTotal: item.droppedItemsTotal },
      });
    }
  },
};
