// Monitor state changes from agents: history + current state, the monitor's alert (raised,
// re-severitied or auto-resolved — never raised while the object is in maintenance), then the
// object's Entity Health. All inside the batch's transaction, so alerts are exactly-once too.
import type { ItemWriter } from './item-writer.ts';
import { applyMonitorState } from '../../health/monitor-state-applier.ts';

export const stateChangeItemWriter: ItemWriter<'state-change'> = {
  kind: 'state-change',
  async write(items, context) {
    const ordered = [...items].sort((a, b) => a.timestampMs - b.timestampMs);
    for (const item of ordered) {
      const objectId = await context.objects.resolve(context.trx, item.objectKey, context.source.agentId, context.clock.nowMs());
      await applyMonitorState(context, { objectId, monitorId: item.monitorId, toState: item.toState, atMs: item.timestampMs, context: item.context });
    }
  },
};
