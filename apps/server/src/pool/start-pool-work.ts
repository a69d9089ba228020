// Starts this management server's resource-pool machinery: the lease loops of every pool it is a
// member of and the pool workloads (agentless probes and heartbeat watching when a PoolItemWriter
// is given; jobs always). Used by the management server and by the multi-process pool tests.
import type { Clock, Logger, ManagementServerId } from '@vigil/core';
import { openPoolLeases, type Database, type PoolLeaseRepository } from '@vigil/store';
import { createHeartbeatWorkload } from './heartbeat/heartbeat.workload.ts';
import { createReachabilityCheck, type ReachabilityCheck } from './heartbeat/reachability-check.ts';
import { createPoolJobRunner, type PoolJobRunner } from './pool-job-runner.ts';
import type { PoolItemWriter } from './pool-item-writer.ts';
import { startPoolMember, type PoolMember } from './pool-member.ts';
import { poolSettings, type PoolSettings, type PoolTimingInput } from './pool-settings.ts';
import type { PoolWorkload } from './pool-workload.ts';
import { createProbeWorkload } from './probe.workload.ts';

export interface PoolWorkOptions {
  readonly db: Database;
  readonly serverId: ManagementServerId;
  readonly serverName: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timing: PoolTimingInput;
  /** Where probe and heartbeat results go; without it only membership and jobs run. */
  readonly writer?: PoolItemWriter;
  readonly heartbeat?: {
    readonly watchIntervalMs?: number;
    /** TCP port tried when a computer does not answer ping. */
    readonly reachabilityTcpPort?: number;
    readonly reachability?: ReachabilityCheck;
  };
}

export interface PoolWork {
  readonly leases: PoolLeaseRepository;
  readonly settings: PoolSettings;
  readonly member: PoolMember;
  /** Register grooming, rollup and other jobs here (each runs on one member). */
  readonly jobs: PoolJobRunner;
  /** Stops all pool work and releases the leases (peers take over within one tick). */
  stop(): Promise<void>;
}

export const DEFAULT_HEARTBEAT_WATCH_INTERVAL_MS = 15_000;

export async function startPoolWork(options: PoolWorkOptions): Promise<PoolWork> {
  const { db, clock, logger } = options;
  const leases = await openPoolLeases(db);
  const settings = poolSettings(options.timing);
  const jobs = createPoolJobRunner({ clock, logger });
  const workloads: PoolWorkload[] = [jobs];
  if (options.writer) {
    workloads.push(createProbeWorkload({ db, writer: options.writer, clock, logger, userAgent: `Vigil-Pool/${options.serverName}` }));
    workloads.push(
      createHeartbeatWorkload({
        db, writer: options.writer, clock, logger,
        watchIntervalMs: options.heartbeat?.watchIntervalMs ?? DEFAULT_HEARTBEAT_WATCH_INTERVAL_MS,
        reachability: options.heartbeat?.reachability ?? createReachabilityCheck({ clock, tcpPort: options.heartbeat?.reachabilityTcpPort }),
      }),
    );
  }
  const member = await startPoolMember({ db, leases, serverId: options.serverId, settings, clock, logger, workloads });
  return { leases, settings, member, jobs, stop: () => member.stop() };
}
