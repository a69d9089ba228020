// An agent's first link needs its computer and health service objects and a compiled
// configuration. When thousands of agents link at once (a new site, a failed-over server's
// fleet), one transaction per agent would make the commit — an fsync on SQLite — the limit, so
// first-link setups are gathered for a few milliseconds and written in one transaction. A relink
// whose objects and configuration exist writes nothing at all.
import type { AgentId, Clock, Logger } from '@vigil/core';
import { upsertMonitoringObject, type Database } from '@vigil/store';
import { computerKey, healthServiceKey, COMPUTER_CLASS, HEALTH_SERVICE_CLASS } from '../ingest/object-keys.ts';

export interface LinkSetupRequest {
  readonly agentId: AgentId;
  readonly agentName: string;
  readonly hostName: string;
}

export interface LinkSetupBatcher {
  /** Resolves once the agent's objects and configuration exist. */
  prepare(request: LinkSetupRequest): Promise<void>;
}

interface Pending {
  readonly request: LinkSetupRequest;
  resolve(): void;
  reject(error: unknown): void;
}

const GATHER_MS = 10;
// On SQLite the transaction runs synchronously on the event loop: 50 setups (~2 ms each, mostly
// compiling the configuration) keep a group near 100 ms, so links keep being served meanwhile.
const MAX_GROUP = 50;

export function createLinkSetupBatcher(
  db: Database,
  compileConfig: (trx: Database, agentId: AgentId) => Promise<unknown>,
  clock: Clock,
  logger: Logger,
): LinkSetupBatcher {
  const pending: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async (): Promise<void> => {
    timer = undefined;
    const group = pending.splice(0, MAX_GROUP);
    if (pending.length > 0) timer = setTimeout(() => void flush(), 0);
    try {
      await db.transaction().execute(async (trx) => {
        for (const { request } of group) await setUp(trx, request);
      });
      for (const p of group) p.resolve();
    } catch (error) {
      logger.warn({ err: error, agents: group.length }, 'first-link setup failed; the agents will relink');
      for (const p of group) p.reject(error);
    }
  };

  const setUp = async (trx: Database, request: LinkSetupRequest): Promise<void> => {
    const nowMs = clock.nowMs();
    const computerId = await upsertMonitoringObject(trx, {
      classId: COMPUTER_CLASS, objectKey: computerKey(request.hostName), displayName: request.hostName, agentId: request.agentId, properties: { hostName: request.hostName }, nowMs,
    });
    await upsertMonitoringObject(trx, {
      classId: HEALTH_SERVICE_CLASS, objectKey: healthServiceKey(request.agentName), displayName: request.agentName, hostId: computerId, agentId: request.agentId, properties: { agentName: request.agentName }, nowMs,
    });
    const compiled = await trx.selectFrom('agent_config').select('agent_id').where('agent_id', '=', request.agentId).executeTakeFirst();
    if (!compiled) await compileConfig(trx, request.agentId);
  };

  return {
    async prepare(request) {
      if (await alreadySetUp(db, request)) return;
      return new Promise<void>((resolve, reject) => {
        pending.push({ request, resolve, reject });
        timer ??= setTimeout(() => void flush(), GATHER_MS);
      });
    },
  };
}

/** One read: both objects exist and belong to this agent, and it has a configuration. */
async function alreadySetUp(db: Database, request: LinkSetupRequest): Promise<boolean> {
  const keys = [computerKey(request.hostName), healthServiceKey(request.agentName)];
  const [objects, config] = await Promise.all([
    db.selectFrom('monitoring_object').select(['agent_id']).where('object_key', 'in', keys).where('deleted_at', 'is', null).execute(),
    db.selectFrom('agent_config').select('agent_id').where('agent_id', '=', request.agentId).executeTakeFirst(),
  ]);
  return objects.length === keys.length && objects.every((o) => o.agent_id === request.agentId) && config !== undefined;
}
