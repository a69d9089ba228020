// Starts one management server: opens and migrates the operational database, creates or loads
// the management group, registers this server and its pool membership, makes sure it holds a
// certificate from the group CA, and starts the SDK API. `stop()` undoes it in reverse order and
// leaves the database consistent (the server is marked stopped; SQLite is checkpointed on close).
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId, systemClock, type AgentId, type Clock, type Logger, type ManagementServerId, type ObjectId } from '@vigil/core';
import type { CertificateAuthority, Identity } from '@vigil/pki';
import {
  openStore, migrateToLatest, registerManagementServer, joinAllServersPool, markServerSeen, markServerStopped, setServerCertificate, openPoolLeases,
  type Store, type ManagementGroupRecord,
} from '@vigil/store';
import serverPackage from '../../package.json' with { type: 'json' };
import type { ServerConfig } from '../config/server-config.ts';
import { ensureManagementGroup, bindDataDirToGroup } from '../bootstrap/group-bootstrap.ts';
import { ensureServerIdentity } from '../bootstrap/server-identity.ts';
import { startApi, type ApiServer } from '../api/api-server.ts';
import { RoleStatusBoard } from './role-status.ts';
import { startPoolWork, type PoolWork } from '../pool/start-pool-work.ts';
import type { PoolItemWriter } from '../pool/pool-item-writer.ts';
import { createIngestQueue, type IngestQueue } from '../ingest/ingest-queue.ts';
import { createObjectResolver } from '../ingest/object-resolver.ts';
import { createIngestPoolItemWriter } from '../ingest/pool-item-writer.adapter.ts';
import { createChangeFeed, type ChangeFeed } from '../health/change-feed.ts';
import { createChangeLogRecorder } from '../health/change-feed-log.ts';
import { startChangeFeedFollower } from '../health/change-feed-follower.ts';
import { registerOperationalPoolJobs } from './operational-pool-jobs.ts';
import { recomputeMembershipsOfObjects } from '../groups/group-membership.ts';
import { loadPackLibrary, type PackLibrary } from '../packs/pack-library.ts';
import { importBuiltInPacks } from '../packs/pack-import.service.ts';
import { recompileAgentConfig } from '../packs/agent-config.service.ts';
import { createPoolDiscoveryRunner } from '../packs/pool-discovery.ts';
import { startLinkServer, type LinkServer } from '../link/link-server.ts';
import { createLinkStats, type LinkStats } from '../link/link-stats.ts';
import { createSessionRegistry, type SessionRegistry } from '../link/session-registry.ts';
import { createHeartbeatRecorder } from '../link/heartbeat-recorder.ts';
import { createLinkSetupBatcher } from '../link/link-setup-batcher.ts';
import { createRevocationCache } from '../link/revocation-cache.ts';

export const VIGIL_VERSION: string = serverPackage.version;
/** The management packs shipped with Vigil (packs/ at the repository root). */
export const BUILT_IN_PACKS_DIR = fileURLToPath(new URL('../../../../packs', import.meta.url));
const SEEN_INTERVAL_MS = 15_000;

export interface RunningManagementServer {
  readonly serverId: ManagementServerId;
  readonly serverName: string;
  readonly group: ManagementGroupRecord;
  readonly groupCreated: boolean;
  readonly store: Store;
  readonly ca: CertificateAuthority;
  readonly identity: Identity;
  readonly api: ApiServer;
  readonly link: LinkServer;
  readonly ingest: IngestQueue;
  readonly linkStats: LinkStats;
  readonly sessions: SessionRegistry;
  readonly roles: RoleStatusBoard;
  readonly pool: PoolWork;
  readonly packs: PackLibrary;
  readonly changes: ChangeFeed;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface ManagementServerDeps {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Where pool workflows (agentless probes, heartbeat watching) write; without it they do not run. */
  readonly poolItemWriter?: PoolItemWriter;
}

export function defaultServerName(): string {
  return hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'vigil-ms';
}

export async function startManagementServer(config: ServerConfig, deps: ManagementServerDeps): Promise<RunningManagementServer> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger;
  const dataDir = resolve(config.dataDir);
  const serverName = config.name ?? defaultServerName();
  const roles = new RoleStatusBoard();
  roles.set('management-server', { state: 'starting' });

  // A server shares its PostgreSQL pool between ingest, links, the pool and the API: waiting a
  // while for a connection under load beats failing a link. A transaction idle for longer than a
  // pool lease lives can only be a server cut off mid-write; the database ends it so the row locks
  // it holds (its lease row among them) stop blocking the peers taking over its work.
  const store = await openStore(config.dbUrl ?? join(dataDir, 'opsdb.sqlite'), {
    maxConnections: 20,
    connectTimeoutMs: 15_000,
    idleInTransactionTimeoutMs: Math.max(config.leaseValidMs, 10_000),
  });
  const cleanups: Array<() => Promise<void>> = [() => store.close()];
  const unwind = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => logger.warn({ err }, 'cleanup failed'));
  };
  try {
    const migration = await migrateToLatest(store.db);
    if (migration.applied.length > 0) logger.info({ applied: migration.applied }, 'database schema migrated');
    const group = await ensureManagementGroup(store.db, { groupName: config.groupName, approvalPolicy: config.approvalPolicy, clock });
    if (group.created) logger.info({ group: group.record.name }, 'management group created with its certificate authority');
    bindDataDirToGroup(dataDir, group.record);

    const serverId = await registerManagementServer(store.db, {
      id: newId<ManagementServerId>(clock.nowMs()),
      name: serverName,
      host: config.advertisedHost ?? hostname(),
      linkPort: config.linkPort,
      apiPort: config.apiPort,
      version: VIGIL_VERSION,
      nowMs: clock.nowMs(),
    });
    await joinAllServersPool(store.db, serverId, clock.nowMs());
    cleanups.push(() => markServerStopped(store.db, serverId, clock.nowMs()));

    const dnsNames = [...new Set([hostname(), 'localhost', ...(config.advertisedHost && !isIp(config.advertisedHost) ? [config.advertisedHost] : [])])];
    const ipAddresses = [...new Set(['127.0.0.1', '::1', ...(config.advertisedHost && isIp(config.advertisedHost) ? [config.advertisedHost] : [])])];
    const identity = await ensureServerIdentity(dataDir, group.ca, { serverName, dnsNames, ipAddresses, clock });
    if (identity.reissued) await setServerCertificate(store.db, serverId, identity.serial);

    const packs = await loadPackLibrary(store.db, logger);
    const packContext = { db: store.db, clock, logger, packs, trustedPublicKeys: [] };
    const builtIn = await importBuiltInPacks(packContext, BUILT_IN_PACKS_DIR);
    if (builtIn.length > 0) logger.info({ packs: builtIn }, 'built-in management packs imported');
    // Agentless objects (targets listed in packs and overrides) exist before the pool starts probing them.
    const poolDiscovery = createPoolDiscoveryRunner({ db: store.db, clock, logger, packs });
    await poolDiscovery.run();
    const recompile = (agentId: AgentId): Promise<boolean> => recompileAgentConfig(packContext, agentId);
    const refreshAgentObjects = async (agentId: AgentId): Promise<void> => {
      const objectIds = (await store.db.selectFrom('monitoring_object').select('id').where('agent_id', '=', agentId).execute()).map((r) => r.id as ObjectId);
      await recomputeMembershipsOfObjects({ db: store.db, clock }, objectIds);
      await recompile(agentId);
    };

    // Changes committed here are delivered in-process right after commit, with their change-log
    // row written inside the committing transaction; the follower delivers the other servers'.
    const changeLog = createChangeLogRecorder(store.db, serverId, clock);
    const changes = createChangeFeed((err) => logger.warn({ err }, 'a change listener failed'), {
      record: (effects) => void changeLog.appendCommitted(effects).catch((err: unknown) => logger.warn({ err }, 'could not record a change for the other servers')),
    });
    changes.subscribe((effects, origin) => {
      // The server that committed a discovery recompiles; its peers must not do it again.
      if (origin !== 'local') return;
      for (const agentId of effects.discoveredAgents) {
        // Group membership first: overrides and scopes by group depend on it.
        refreshAgentObjects(agentId).catch((err: unknown) => logger.warn({ err, agentId }, 'could not refresh groups and configuration after discovery'));
      }
    });
    const ingestDeps = { db: store.db, clock, rules: packs.monitorRules, objects: createObjectResolver(), seriesIds: new Map<string, string>(), changeLog };
    const ingest = createIngestQueue(ingestDeps, logger.child({ component: 'ingest' }));
    ingest.onCommitted((effects) => changes.deliver(effects, 'local'));
    const follower = await startChangeFeedFollower({ db: store.db, clock, logger: logger.child({ component: 'change-feed' }), serverId, feed: changes });
    cleanups.push(() => follower.stop());
    const linkStats = createLinkStats();
    const sessions = createSessionRegistry();
    const link = await startLinkServer(
      {
        db: store.db, ca: group.ca, clock, logger, serverId, serverName, groupName: group.record.name,
        defaultHeartbeatIntervalSeconds: config.heartbeatIntervalSeconds, ingest, objects: ingestDeps.objects, stats: linkStats, sessions,
        heartbeats: createHeartbeatRecorder(store.db, serverId, logger),
        linkSetup: createLinkSetupBatcher(store.db, (trx, agentId) => recompileAgentConfig({ ...packContext, db: trx }, agentId), clock, logger),
        revocations: createRevocationCache(store.db, logger),
      },
      { host: config.linkHost, port: config.linkPort, identity: identity.identity, controlPollMs: 1000, heartbeatFlushMs: 1000, revocationRefreshMs: 10_000, gatewayDial: config.gatewayDial },
    );
    cleanups.push(() => link.close());
    roles.set('link', { state: 'running', endpoint: link.url });

    const context = {
      db: store.db, clock, logger, roles, version: VIGIL_VERSION,
      group: { id: group.record.id, name: group.record.name },
      server: { id: serverId, name: serverName },
      ca: group.ca, dataDir, changes, packs,
    };
    const api = await startApi(context, { host: config.apiHost, port: config.apiPort, ...(config.apiTls === 'on' ? { tls: identity.identity } : {}) });
    cleanups.push(() => api.close());
    roles.set('sdk-api', { state: 'running', endpoint: api.url });

    const seen = setInterval(() => {
      markServerSeen(store.db, serverId, clock.nowMs()).catch((err: unknown) => logger.warn({ err }, 'could not record server heartbeat'));
      // Another server may have imported packs: alert rules and pool objects must follow.
      packs
        .refreshIfChanged()
        .then((changed) => poolDiscovery.tick(changed))
        .catch((err: unknown) => logger.warn({ err }, 'could not refresh management packs or pool objects'));
    }, SEEN_INTERVAL_MS);
    seen.unref();
    cleanups.push(async () => clearInterval(seen));
    const poolWriter = deps.poolItemWriter ?? createIngestPoolItemWriter(ingestDeps, await openPoolLeases(store.db), serverName, (effects) => changes.deliver(effects, 'local'));
    const pool = await startPoolWork({
      db: store.db, serverId, serverName, clock, logger, writer: poolWriter,
      timing: { leaseRenewMs: config.leaseRenewMs, leaseValidMs: config.leaseValidMs },
      heartbeat: { watchIntervalMs: config.heartbeatWatchIntervalMs },
    });
    cleanups.push(() => pool.stop());
    registerOperationalPoolJobs(pool, { db: store.db, clock, logger });
    roles.set('resource-pool', { state: 'running', detail: `lease every ${config.leaseRenewMs} ms, valid ${config.leaseValidMs} ms` });
    roles.set('management-server', { state: 'running', detail: `${serverName} in ${group.record.name}` });

    let stopping: Promise<void> | undefined;
    return {
      serverId, serverName, group: group.record, groupCreated: group.created, store, ca: group.ca, identity: identity.identity, api, link, ingest, linkStats, sessions, roles, pool, packs, changes, dataDir,
      stop() {
        stopping ??= (async () => {
          roles.set('management-server', { state: 'stopping' });
          await unwind();
          logger.info('management server stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

function isIp(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
}
