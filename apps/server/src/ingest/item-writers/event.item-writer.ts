// Events collected by rules: appended in bulk with the object they concern.
import { newUuid } from '@vigil/core';
import { bulkInsert } from '@vigil/store';
import type { ItemWriter } from './item-writer.ts';

export const eventItemWriter: ItemWriter<'event'> = {
  kind: 'event',
  async write(items, context) {
    const rows: unknown[][] = [];
    for (const item of items) {
      const objectId = await context.objects.resolve(context.trx, item.objectKey, context.source.agentId, context.clock.nowMs());
      rows.push([newUuid(item.timestampMs), objectId, item.objectKey, context.source.agentId, String(item.eventId), item.level, item.message, item.timestampMs, JSON.stringify(item.data ?? {})]);
    }
    await bulkInsert(context.trx, 'event', ['id', 'object_id', 'object_key', 'agent_id', 'event_id', 'level', 'message', 'at', 'data_json'], rows);
  },
};
