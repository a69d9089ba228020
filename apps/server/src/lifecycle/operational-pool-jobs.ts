// Registers the operational jobs (maintenance scheduler, group membership, grooming, stale
// alert auto-resolve, change-log grooming) as pool jobs: each runs on exactly one live management server, and every
// write transaction it makes first checks that server's lease fence.
import { VigilError, type Clock, type Logger } from '@vigil/core';
import type { Database } from '@vigil/store';
import { operationalJobs } from '../grooming/server-jobs.ts';
import type { PoolWork } from '../pool/start-pool-work.ts';

export function registerOperationalPoolJobs(pool: PoolWork, context: { db: Database; clock: Clock; logger: Logger }): void {
  const jobs = operationalJobs({ ...context, intervalsMs: { 'maintenance-scheduler': 5000 } });
  for (const job of jobs) {
    pool.jobs.register({
      name: job.name,
      intervalMs: job.intervalMs,
      async run({ fence, signal, nowMs }) {
        await job.run({
          nowMs,
          signal,
          guard: async (trx) => {
            if (!(await pool.leases.checkFence(trx, fence))) {
              throw new VigilError('CONFLICT', { what: `Pool job ${job.name} moved to another management server; this run stops.` });
            }
          },
        });
      },
    });
  }
}
