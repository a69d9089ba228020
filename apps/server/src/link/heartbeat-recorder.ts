// Agents' heartbeats are written in groups: one transaction per flush for every agent heard
// from since the last one, a statement per 500 agents, instead of a write per heartbeat (15,000
// agents every 60 s).
import type { AgentId, Logger, ManagementServerId } from '@vigil/core';
import { recordAgentHeartbeats, type Database } from '@vigil/store';

export interface HeartbeatRecorder {
  heard(agentId: AgentId, atMs: number): void;
  flush(): Promise<void>;
}

export function createHeartbeatRecorder(db: Database, serverId: ManagementServerId, logger: Logger): HeartbeatRecorder {
  let heard = new Map<AgentId, number>();
  return {
    heard(agentId, atMs) {
      heard.set(agentId, atMs);
    },
    async flush() {
      if (heard.size === 0) return;
      const batch = heard;
      heard = new Map();
      try {
        await db.transaction().execute((trx) => recordAgentHeartbeats(trx, serverId, [...batch]));
      } catch (err) {
        // Keep what was not written for the next flush (newer heartbeats win).
        for (const [agentId, atMs] of batch) if (!heard.has(agentId)) heard.set(agentId, atMs);
        logger.warn({ err, agents: batch.size }, 'could not record heartbeats; will retry');
      }
    },
  };
}
