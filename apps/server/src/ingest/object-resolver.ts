// Turns wire object keys into object ids during ingest. An object the agent reports before its
// discovery arrives is created as a placeholder of the key's class, owned by that agent, so no
// data is refused; discovery later fills in its properties. Ids are cached per server.
import type { AgentId, ObjectId } from '@vigil/core';
import { findObjectByKey, upsertMonitoringObject, attachSeriesToObject, type Database } from '@vigil/store';
import { classOfKey, displayNameOfKey } from './object-keys.ts';

const MAX_CACHED = 200_000;

export interface ObjectResolver {
  resolve(trx: Database, objectKey: string, owner: AgentId | null, nowMs: number): Promise<ObjectId>;
  /** Drops a cached id (object deleted or re-keyed). */
  forget(objectKey: string): void;
  /** Drops everything: after a rolled-back transaction, cached ids of placeholders may not exist. */
  reset(): void;
}

export function createObjectResolver(): ObjectResolver {
  const ids = new Map<string, ObjectId>();
  return {
    async resolve(trx, objectKey, owner, nowMs) {
      const cached = ids.get(objectKey);
      if (cached) return cached;
      const found = await findObjectByKey(trx, objectKey);
      let id = found?.id;
      if (!id) {
        id = await upsertMonitoringObject(trx, { classId: classOfKey(objectKey), objectKey, displayName: displayNameOfKey(objectKey), agentId: owner, nowMs });
        await attachSeriesToObject(trx, objectKey, id);
      }
      if (ids.size >= MAX_CACHED) ids.clear();
      ids.set(objectKey, id);
      return id;
    },
    forget(objectKey) {
      ids.delete(objectKey);
    },
    reset() {
      ids.clear();
    },
  };
}
