// Agentless probing as pool work: one key per pool-hosted object (monitoring_object.pool_id).
// The owner runs each of the object's probes every intervalMs, the first run at once, and writes
// the results under its fence. Losing the key aborts the object's probes immediately (the HTTP
// request, ping or SNMP session is cancelled); a 'fenced' write also stops the object.
import type { Clock, HealthState, Logger, MonitorSnapshot, ProbeResultMemory } from '@vigil/core';
import type { Database, PoolFence } from '@vigil/store';
import { PROBE_REGISTRY } from '../probes/probe-registry.ts';
import { probeOutcomeItems } from '../probes/probe-items.ts';
import type { ProbeMemory } from '../probes/probe.ts';
import type { PoolItemWriter } from './pool-item-writer.ts';
import { listPoolObjects, readMonitorStates, type PoolObject, type ProbeDefinition } from './pool-objects.query.ts';
import type { PoolRef, PoolWorkload } from './pool-workload.ts';

export interface ProbeWorkloadDeps {
  readonly db: Database;
  readonly writer: PoolItemWriter;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Sent as the HTTP User-Agent, so targets can tell which server probed them. */
  readonly userAgent: string;
}

interface Running {
  readonly fence: PoolFence;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

export function createProbeWorkload(deps: ProbeWorkloadDeps): PoolWorkload {
  const objects = new Map<string, PoolObject>();
  const running = new Map<string, Running>();
  const memories = new Map<string, unknown>();

  const stop = (key: string): void => {
    running.get(key)?.controller.abort(new Error('ownership ended'));
    running.delete(key);
  };

  const runObject = async (objectId: string, fence: PoolFence, signal: AbortSignal): Promise<void> => {
    const stored = await readMonitorStates(deps.db, objectId);
    const object = objects.get(objectId);
    if (!object || signal.aborted) return;
    await Promise.all(object.probes.map((definition) => runProbe(objectId, definition, stored.get(definition.monitorId), fence, signal)));
  };

  const runProbe = async (objectId: string, def: ProbeDefinition, storedState: HealthState | undefined, fence: PoolFence, signal: AbortSignal): Promise<void> => {
    const probe = PROBE_REGISTRY.get(def.probe);
    if (!probe) return deps.logger.warn({ objectId, probe: def.probe }, 'unknown probe; object not probed');
    const memoryKey = `${objectId}/${def.name}`;
    const memory: ProbeMemory = { get: () => memories.get(memoryKey), set: (v) => void memories.set(memoryKey, v) };
    let snapshot: MonitorSnapshot<ProbeResultMemory> | undefined;
    while (!signal.aborted) {
      const object = objects.get(objectId);
      if (object && !object.inMaintenance) {
        const outcome = await probe.run(def.config as never, { signal, clock: deps.clock, memory, userAgent: deps.userAgent });
        if (signal.aborted) return;
        const judged = probeOutcomeItems({ objectKey: object.objectKey, monitorId: def.monitorId, config: def.monitor, name: def.name }, outcome, snapshot, storedState, deps.clock.nowMs());
        const result = await deps.writer.write(judged.items, fence);
        if (result === 'fenced') return stop(objectId);
        snapshot = judged.snapshot;
      }
      await deps.clock.sleep(def.intervalMs, signal).catch(() => {});
    }
  };

  return {
    name: 'probe',
    async listKeys(pool: PoolRef) {
      const list = await listPoolObjects(deps.db, pool.id);
      for (const o of list) {
        // Changed definitions (a pack import or override recompiled them): restart the object's
        // probes; the assignment that follows this listing starts it again with the new ones.
        const before = objects.get(o.id);
        if (before && running.has(o.id) && JSON.stringify(before.probes) !== JSON.stringify(o.probes)) stop(o.id);
        objects.set(o.id, o);
      }
      return list.filter((o) => o.probes.length > 0).map((o) => o.id);
    },
    assign(pool, assignment) {
      for (const [key, run] of running) {
        if (run.fence.poolId !== pool.id) continue;
        if (!assignment.keys.has(key) || assignment.fence?.epoch !== run.fence.epoch) stop(key);
      }
      if (!assignment.fence) return;
      for (const key of assignment.keys) {
        if (running.has(key)) continue;
        const controller = new AbortController();
        const fence = assignment.fence;
        const done = runObject(key, fence, controller.signal).catch((err: unknown) => {
          controller.abort(err);
          deps.logger.warn({ err, objectId: key }, 'probing stopped after an error; the object restarts on the next pool tick');
        }).finally(() => {
          if (running.get(key)?.controller === controller) running.delete(key);
        });
        running.set(key, { fence, controller, done });
      }
    },
    async close() {
      const all = [...running.values()];
      for (const key of [...running.keys()]) stop(key);
      await Promise.all(all.map((r) => r.done));
    },
  };
}
