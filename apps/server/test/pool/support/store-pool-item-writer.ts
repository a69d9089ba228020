// Test support: a real PoolItemWriter on the store, for tests that need pool results in the
// database without the ingest writer. Same contract as production: the fence is checked in the
// same transaction as the writes (PoolLeaseRepository.checkFence), 'fenced' writes nothing.
// perf → perf_series/perf_sample; state-change → state_change + monitor_state; alert → alert
// (rule alerts with the same suppression key add to repeat_count).
import { newId } from '@vigil/core';
import type { Item } from '@vigil/protocol';
import type { Database, PoolLeaseRepository } from '@vigil/store';
import type { PoolItemWriter } from '../../../src/pool/pool-item-writer.ts';

export function createStorePoolItemWriter(db: Database, leases: PoolLeaseRepository): PoolItemWriter {
  return {
    async write(items, fence) {
      return db.transaction().execute(async (trx) => {
        if (!(await leases.checkFence(trx, fence))) return 'fenced';
        for (const item of items) await writeItem(trx as unknown as Database, item);
        return 'written';
      });
    },
  };
}

async function objectIdOf(db: Database, objectKey: string): Promise<string> {
  const row = await db.selectFrom('monitoring_object').select('id').where('object_key', '=', objectKey).executeTakeFirst();
  return row?.id ?? objectKey;
}

async function writeItem(db: Database, item: Item): Promise<void> {
  if (item.kind === 'perf') {
    const instance = item.instance ?? '';
    let series = await db.selectFrom('perf_series').select('id').where('object_key', '=', item.objectKey).where('counter', '=', item.counter).where('instance', '=', instance).executeTakeFirst();
    if (!series) {
      series = { id: newId(item.timestampMs) };
      await db.insertInto('perf_series').values({ id: series.id, object_id: null, object_key: item.objectKey, counter: item.counter, instance, created_at: item.timestampMs }).execute();
    }
    await db.insertInto('perf_sample').values({ series_id: series.id, at: item.timestampMs, value: item.value }).execute();
  } else if (item.kind === 'state-change') {
    const objectId = await objectIdOf(db, item.objectKey);
    const context = JSON.stringify(item.context);
    await db.insertInto('state_change').values({
      id: newId(item.timestampMs), object_id: objectId, monitor_id: item.monitorId, from_state: item.fromState, to_state: item.toState, at: item.timestampMs, context_json: context,
    }).execute();
    await db
      .insertInto('monitor_state')
      .values({ object_id: objectId, monitor_id: item.monitorId, state: item.toState, changed_at: item.timestampMs, context_json: context })
      .onConflict((oc) => oc.columns(['object_id', 'monitor_id']).doUpdateSet({ state: item.toState, changed_at: item.timestampMs, context_json: context }))
      .execute();
  } else if (item.kind === 'alert') {
    const sourceId = item.origin.kind === 'rule' ? item.origin.ruleId : item.origin.monitorId;
    const existing = item.suppressionKey
      ? await db.selectFrom('alert').select(['id', 'repeat_count']).where('suppression_key', '=', item.suppressionKey).where('resolution_state', '<', 255).executeTakeFirst()
      : undefined;
    if (existing) {
      await db.updateTable('alert').set({ repeat_count: Number(existing.repeat_count) + 1, last_modified_at: item.timestampMs }).where('id', '=', existing.id).execute();
      return;
    }
    await db.insertInto('alert').values({
      id: newId(item.timestampMs), name: item.name, description: item.description, severity: item.severity, priority: item.priority, resolution_state: 0,
      object_id: await objectIdOf(db, item.objectKey), source_kind: item.origin.kind, source_id: sourceId, suppression_key: item.suppressionKey ?? null,
      repeat_count: 0, owner: null, ticket_id: null, raised_at: item.timestampMs, last_modified_at: item.timestampMs, resolved_at: null, context_json: '{}',
    }).execute();
  }
}
