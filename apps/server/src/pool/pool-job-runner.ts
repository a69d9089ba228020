// Generic pool jobs (grooming, group rollups, ...): each registered job kind is one key, so it
// runs on exactly one member of its pool (rendezvous over the job name) every intervalMs. A run
// gets the fence for its writes and a signal that aborts when this member loses the job.
import type { Clock, Logger } from '@vigil/core';
import { ALL_MANAGEMENT_SERVERS_POOL, type PoolFence } from '@vigil/store';
import type { PoolRef, PoolWorkload } from './pool-workload.ts';

export interface PoolJobContext {
  readonly fence: PoolFence;
  readonly signal: AbortSignal;
  readonly nowMs: number;
}

export interface PoolJob {
  /** Unique; the rendezvous key. */
  readonly name: string;
  readonly intervalMs: number;
  /** Pool the job runs in; default All Management Servers. */
  readonly poolName?: string;
  /** Writes must be fenced (checkFence in the same transaction). Throwing logs and waits a period. */
  run(ctx: PoolJobContext): Promise<void>;
}

export interface PoolJobRunner extends PoolWorkload {
  /** Adds a job kind; effective from the next pool tick. Throws on a duplicate name. */
  register(job: PoolJob): void;
}

export function createPoolJobRunner(deps: { readonly clock: Clock; readonly logger: Logger }): PoolJobRunner {
  const jobs = new Map<string, PoolJob>();
  const running = new Map<string, { controller: AbortController; epoch: number; done: Promise<void> }>();

  const stop = (name: string): void => {
    running.get(name)?.controller.abort(new Error('job ownership ended'));
    running.delete(name);
  };

  const loop = async (job: PoolJob, fence: PoolFence, signal: AbortSignal): Promise<void> => {
    while (!signal.aborted) {
      try {
        await job.run({ fence, signal, nowMs: deps.clock.nowMs() });
      } catch (err) {
        if (!signal.aborted) deps.logger.warn({ err, job: job.name }, 'pool job failed; it runs again after its interval');
      }
      await deps.clock.sleep(job.intervalMs, signal).catch(() => {});
    }
  };

  return {
    name: 'job',
    register(job) {
      if (jobs.has(job.name)) throw new Error(`pool job ${job.name} is registered twice`);
      jobs.set(job.name, job);
    },
    async listKeys(pool: PoolRef) {
      return [...jobs.values()].filter((j) => (j.poolName ?? ALL_MANAGEMENT_SERVERS_POOL) === pool.name).map((j) => j.name);
    },
    assign(pool, assignment) {
      for (const [name, run] of running) {
        if ((jobs.get(name)?.poolName ?? ALL_MANAGEMENT_SERVERS_POOL) !== pool.name) continue;
        if (!assignment.keys.has(name) || assignment.fence?.epoch !== run.epoch) stop(name);
      }
      if (!assignment.fence) return;
      for (const name of assignment.keys) {
        const job = jobs.get(name);
        if (!job || running.has(name)) continue;
        const controller = new AbortController();
        const done = loop(job, assignment.fence, controller.signal);
        running.set(name, { controller, epoch: assignment.fence.epoch, done });
      }
    },
    async close() {
      const all = [...running.values()];
      for (const name of [...running.keys()]) stop(name);
      await Promise.all(all.map((r) => r.done));
    },
  };
}
