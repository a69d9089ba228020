// Keeps an object's Entity Health current after its monitors change: the worst state of its
// unit monitors (unknown ones are ignored unless all are unknown), written to the object row so
// state views read one row per object.
import { rollup, DEFAULT_ROLLUP_POLICY, type ObjectId } from '@vigil/core';
import { monitorStatesOf, setObjectHealth, type Database, type HealthStateColumn } from '@vigil/store';

export async function refreshEntityHealth(db: Database, objectId: ObjectId, nowMs: number): Promise<HealthStateColumn> {
  const states = await monitorStatesOf(db, objectId);
  const result = rollup(
    DEFAULT_ROLLUP_POLICY,
    states.map((s) => ({ id: s.monitorId, state: s.state, inMaintenance: false })),
  );
  await setObjectHealth(db, objectId, result.state, nowMs);
  return result.state;
}
