// Discovery data: each item is the complete set of instances a discovery found for one target,
// so instances found before but missing now are removed (soft-deleted). Unchanged instances
// update in place, which keeps their ids, states and history.
import { removeUndiscovered, upsertMonitoringObject, attachSeriesToObject } from '@vigil/store';
import type { ItemWriter } from './item-writer.ts';
import { classOfKey, objectKey, displayNameOfKey } from '../object-keys.ts';

export const discoveryItemWriter: ItemWriter<'discovery'> = {
  kind: 'discovery',
  async write(items, context) {
    const nowMs = context.clock.nowMs();
    for (const item of [...items].sort((a, b) => a.timestampMs - b.timestampMs)) {
      const keys: string[] = [];
      for (const instance of item.instances) {
        const key = classOfKey(instance.key) === instance.classId ? instance.key : objectKey(instance.classId, instance.key);
        const hostId = instance.hostKey ? await context.objects.resolve(context.trx, instance.hostKey, context.source.agentId, nowMs) : null;
        const displayName = typeof instance.properties.displayName === 'string' ? instance.properties.displayName : displayNameOfKey(key);
        const id = await upsertMonitoringObject(context.trx, {
          classId: instance.classId,
          objectKey: key,
          displayName,
          hostId,
          agentId: context.source.agentId,
          properties: instance.properties,
          discovery: { id: item.discoveryId, targetKey: item.targetKey },
          nowMs,
        });
        await attachSeriesToObject(context.trx, key, id);
        keys.push(key);
      }
      await removeUndiscovered(context.trx, { id: item.discoveryId, targetKey: item.targetKey }, keys, nowMs);
      for (const key of keys) context.objects.forget(key);
    }
    if (context.source.agentId) context.effects.discoveredAgents.add(context.source.agentId);
  },
};
