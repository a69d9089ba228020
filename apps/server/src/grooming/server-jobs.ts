// The periodic operational jobs (maintenance scheduler, group membership, grooming, stale-alert
// auto-resolve, change-log grooming) as plain descriptions, so a pool job runner can run each on exactly one
// management server, plus a simple interval runner for a single server. The maintenance job
// also wakes when its next window starts or ends, so expiry has no polling lag.
import type { Clock, Logger } from '@vigil/core';
import type { Database } from '@vigil/store';
import type { MaintenanceEvent } from '../maintenance/maintenance-context.ts';
import { runMaintenanceScheduler } from '../maintenance/maintenance-scheduler.ts';
import { recomputeGroupMemberships } from '../groups/group-membership.ts';
import type { GroomingContext } from './grooming-context.ts';
import { groomOperationalData } from './operational-grooming.ts';
import { DEFAULT_GROOMING_RETENTION, type GroomingRetentionDays } from './grooming-retention.ts';
import { autoResolveStaleAlerts } from './stale-alert-resolver.ts';
import { groomChangeLog } from './change-log-grooming.ts';

export interface ServerJobsContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly containmentRelationships?: readonly string[];
  readonly onMaintenance?: (event: MaintenanceEvent) => void;
  readonly onAlertsResolved?: GroomingContext['onAlertsResolved'];
  readonly retention?: GroomingRetentionDays;
  /** Per-job interval overrides, by job name. */
  readonly intervalsMs?: Readonly<Partial<Record<OperationalJobName, number>>>;
}

export type OperationalJobName = 'maintenance-scheduler' | 'group-membership' | 'operational-grooming' | 'alert-auto-resolve' | 'change-log-grooming';

export interface OperationalJobRun {
  readonly nowMs: number;
  readonly signal?: AbortSignal;
  /** Pool fencing: runs first in each write transaction and throws when the job is no longer ours. */
  readonly guard?: (trx: Database) => Promise<void>;
}

export interface OperationalJob {
  readonly name: OperationalJobName;
  readonly intervalMs: number;
  /** Resolves with when the job wants to run next (epoch ms), if sooner than its interval. */
  run(run: OperationalJobRun): Promise<number | undefined>;
}

const DEFAULT_INTERVALS_MS: Readonly<Record<OperationalJobName, number>> = {
  'maintenance-scheduler': 15_000,
  'group-membership': 5 * 60_000,
  'operational-grooming': 60 * 60_000,
  'alert-auto-resolve': 60 * 60_000,
  'change-log-grooming': 5 * 60_000,
};

export function operationalJobs(ctx: ServerJobsContext): OperationalJob[] {
  const interval = (name: OperationalJobName): number => ctx.intervalsMs?.[name] ?? DEFAULT_INTERVALS_MS[name];
  const base = (run: OperationalJobRun) => ({ db: ctx.db, clock: ctx.clock, ...(run.guard ? { guard: run.guard } : {}), ...(run.signal ? { signal: run.signal } : {}) });
  return [
    {
      name: 'maintenance-scheduler',
      intervalMs: interval('maintenance-scheduler'),
      async run(run) {
        const maintenance = { ...base(run), containmentRelationships: ctx.containmentRelationships ?? [], ...(ctx.onMaintenance ? { onMaintenance: ctx.onMaintenance } : {}) };
        return (await runMaintenanceScheduler(maintenance, run.nowMs)).nextDueMs;
      },
    },
    {
      name: 'group-membership',
      intervalMs: interval('group-membership'),
      async run(run) {
        await recomputeGroupMemberships(base(run));
        return undefined;
      },
    },
    {
      name: 'operational-grooming',
      intervalMs: interval('operational-grooming'),
      async run(run) {
        await groomOperationalData(base(run), run.nowMs, ctx.retention ?? DEFAULT_GROOMING_RETENTION);
        return undefined;
      },
    },
    {
      name: 'alert-auto-resolve',
      intervalMs: interval('alert-auto-resolve'),
      async run(run) {
        await autoResolveStaleAlerts({ ...base(run), ...(ctx.onAlertsResolved ? { onAlertsResolved: ctx.onAlertsResolved } : {}) }, run.nowMs);
        return undefined;
      },
    },
    {
      name: 'change-log-grooming',
      intervalMs: interval('change-log-grooming'),
      async run(run) {
        await groomChangeLog(base(run), run.nowMs);
        return undefined;
      },
    },
  ];
}

export interface ServerJobs {
  /** Stops every loop and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs every operational job on this server alone, each in its own loop: run, then sleep for
 * its interval (or until the time it asked for, if sooner). A failing run is logged and retried
 * after the interval. For a pool of servers register operationalJobs() with the pool job runner.
 */
export function startServerJobs(ctx: ServerJobsContext): ServerJobs {
  const controller = new AbortController();
  const loops = operationalJobs(ctx).map(async (job) => {
    while (!controller.signal.aborted) {
      let nextMs: number | undefined;
      try {
        nextMs = await job.run({ nowMs: ctx.clock.nowMs(), signal: controller.signal });
      } catch (err) {
        if (!controller.signal.aborted) ctx.logger.warn({ err, job: job.name }, 'operational job failed; it runs again after its interval');
      }
      // At least 100 ms, so a job asking for "now" again cannot spin.
      const untilNext = nextMs === undefined ? job.intervalMs : Math.max(100, Math.min(job.intervalMs, nextMs - ctx.clock.nowMs()));
      await ctx.clock.sleep(untilNext, controller.signal).catch(() => {});
    }
  });
  return {
    async stop() {
      controller.abort(new Error('server jobs stopped'));
      await Promise.all(loops);
    },
  };
}
