// What item writers get while a group of batches is committed: the transaction, the source
// of the batch, caches that survive across groups, and the effects to publish after commit.
import type { AgentId, Clock, ObjectId } from '@vigil/core';
import type { Database, HealthStateColumn } from '@vigil/store';
import type { MonitorRules } from '../health/monitor-rules.ts';
import type { ObjectResolver } from './object-resolver.ts';

/** Who produced the items: an agent, or (agentId null) a pool member's agentless workflows. */
export interface IngestSource {
  readonly agentId: AgentId | null;
  readonly agentName: string;
  readonly hostName: string;
}

/** Batches always come from an agent: its id is the exactly-once source id. */
export interface AgentIngestSource extends IngestSource {
  readonly agentId: AgentId;
}

/** What changed, for the live feed once the transaction has committed. */
export interface IngestEffects {
  readonly stateChanges: Array<{ objectId: ObjectId; monitorId: string; from: HealthStateColumn; to: HealthStateColumn; atMs: number }>;
  readonly alertChanges: Array<{ alertId: string; objectId: ObjectId | null; change: 'raised' | 'updated' | 'resolved' }>;
  /** Agents whose instance space a discovery changed: their configuration must be recompiled. */
  readonly discoveredAgents: Set<AgentId>;
}

export interface ItemWriteContext {
  readonly trx: Database;
  readonly source: IngestSource;
  readonly clock: Clock;
  readonly objects: ObjectResolver;
  readonly seriesIds: Map<string, string>;
  readonly rules: MonitorRules;
  readonly effects: IngestEffects;
}

export function emptyEffects(): IngestEffects {
  return { stateChanges: [], alertChanges: [], discoveredAgents: new Set() };
}
