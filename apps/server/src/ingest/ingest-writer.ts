// Commits groups of batches with exactly-once effect. For every batch in a group, in ONE
// transaction: recognise a replay (seq at or below the source's contiguous high-water mark, or
// an exact (sourceId, seq) already recorded), write the items of new batches, record them and
// advance the high-water mark. Only after commit may the caller ack. Grouping many batches per
// transaction is what makes one management server keep up with tens of thousands of agents.
import type { Item } from '@vigil/protocol';
import type { AgentId, Clock } from '@vigil/core';
import { setAgentHighWaterMarks, type Database } from '@vigil/store';
import type { MonitorRules } from '../health/monitor-rules.ts';
import { emptyEffects, type AgentIngestSource, type IngestEffects, type IngestSource, type ItemWriteContext } from './ingest-context.ts';
import type { ObjectResolver } from './object-resolver.ts';
import { ITEM_WRITERS, WRITE_ORDER } from './item-writers/item-writer-registry.ts';
import type { ItemOf } from './item-writers/item-writer.ts';

export interface IngestBatch {
  readonly source: AgentIngestSource;
  readonly seq: number;
  readonly items: readonly Item[];
}

export type BatchOutcome = { readonly source: IngestSource; readonly seq: number; readonly status: 'committed' | 'duplicate' };

export interface IngestWriterDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly rules: MonitorRules;
  readonly objects: ObjectResolver;
  readonly seriesIds: Map<string, string>;
  /** Records each transaction's effects in the group's change log, inside it; absent: not recorded. */
  readonly changeLog?: ChangeLogPort;
}

/** Where a committing transaction records its effects for the group's other servers. */
export interface ChangeLogPort {
  /** Runs as the transaction's last statement; must do nothing for empty effects. */
  append(trx: Database, effects: IngestEffects): Promise<void>;
}

/** How far below the high-water mark exact (sourceId, seq) records are kept (out-of-order relays). */
const RECEIVED_WINDOW = 1000;

export async function writeBatchGroup(deps: IngestWriterDeps, batches: readonly IngestBatch[]): Promise<{ outcomes: BatchOutcome[]; effects: IngestEffects }> {
  const effects = emptyEffects();
  try {
    const outcomes = await deps.db.transaction().execute(async (trx) => {
      const nowMs = deps.clock.nowMs();
      const marks = await highWaterMarks(trx, [...new Set(batches.map((b) => b.source.agentId))]);
      // Round trips per group, not per batch: on PostgreSQL each one is a network exchange.
      const candidates = batches.filter((b) => b.seq > (marks.get(b.source.agentId) ?? 0));
      const recorded = await recordBatches(trx, candidates, nowMs);
      const fresh = new Map<AgentId, IngestBatch[]>();
      const outcomes = batches.map((batch): BatchOutcome => {
        const key = `${batch.source.agentId}:${batch.seq}`;
        const isNew = recorded.delete(key);
        if (isNew) fresh.set(batch.source.agentId, [...(fresh.get(batch.source.agentId) ?? []), batch]);
        return { source: batch.source, seq: batch.seq, status: isNew ? 'committed' : 'duplicate' };
      });
      const context = (source: IngestSource): ItemWriteContext => ({ trx, source, clock: deps.clock, objects: deps.objects, seriesIds: deps.seriesIds, rules: deps.rules, effects });
      // Performance samples of every source go in together (one series lookup, one bulk insert);
      // the other kinds are written per source, which owns the objects they create.
      const freshBatches = [...fresh.values()].flat();
      const perf = freshBatches.flatMap((b) => b.items.filter((item) => item.kind === 'perf'));
      if (perf.length > 0) await ITEM_WRITERS.perf.write(perf as ReadonlyArray<ItemOf<'perf'>>, context(freshBatches[0]!.source));
      for (const sourceBatches of fresh.values()) {
        await writeItems(sourceBatches.flatMap((b) => b.items.filter((item) => item.kind !== 'perf')), context(sourceBatches[0]!.source));
      }
      await advanceHighWaterMarks(trx, marks, fresh);
      await deps.changeLog?.append(trx, effects);
      return outcomes;
    });
    return { outcomes, effects };
  } catch (error) {
    // Ids cached during a rolled-back transaction may name rows that were never committed.
    deps.objects.reset();
    deps.seriesIds.clear();
    throw error;
  }
}

/**
 * Writes items that carry no batch sequence (a pool member's agentless results) if `guard`
 * allows it inside the same transaction — the pool's lease fence. Returns the effects, or
 * undefined when the guard refused and nothing was written.
 */
export async function writeGuardedItems(
  deps: IngestWriterDeps,
  source: IngestSource,
  items: readonly Item[],
  guard: (trx: Database) => Promise<boolean>,
): Promise<IngestEffects | undefined> {
  const effects = emptyEffects();
  try {
    const written = await deps.db.transaction().execute(async (trx) => {
      if (!(await guard(trx))) return false;
      await writeItems(items, { trx, source, clock: deps.clock, objects: deps.objects, seriesIds: deps.seriesIds, rules: deps.rules, effects });
      await deps.changeLog?.append(trx, effects);
      return true;
    });
    return written ? effects : undefined;
  } catch (error) {
    deps.objects.reset();
    deps.seriesIds.clear();
    throw error;
  }
}

async function writeItems(items: readonly Item[], context: ItemWriteContext): Promise<void> {
  for (const kind of WRITE_ORDER) {
    const ofKind = items.filter((item) => item.kind === kind);
    if (ofKind.length === 0) continue;
    const writer = ITEM_WRITERS[kind] as { write(items: ReadonlyArray<ItemOf<typeof kind>>, context: ItemWriteContext): Promise<void> };
    await writer.write(ofKind as ReadonlyArray<ItemOf<typeof kind>>, context);
  }
}

async function highWaterMarks(trx: Database, agentIds: readonly AgentId[]): Promise<Map<AgentId, number>> {
  if (agentIds.length === 0) return new Map();
  const rows = await trx.selectFrom('agent').select(['id', 'high_water_seq']).where('id', 'in', agentIds).execute();
  return new Map(rows.map((r) => [r.id as AgentId, r.high_water_seq]));
}

/** Records the batches not seen before; returns `agentId:seq` of those it recorded (one statement). */
async function recordBatches(trx: Database, batches: readonly IngestBatch[], nowMs: number): Promise<Set<string>> {
  const recorded = new Set<string>();
  const unique = [...new Map(batches.map((b) => [`${b.source.agentId}:${b.seq}`, b])).values()];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await trx
      .insertInto('received_batch')
      .values(unique.slice(i, i + 500).map((b) => ({ source_id: b.source.agentId, seq: b.seq, received_at: nowMs })))
      .onConflict((oc) => oc.columns(['source_id', 'seq']).doNothing())
      .returning(['source_id', 'seq'])
      .execute();
    for (const row of rows) recorded.add(`${row.source_id}:${row.seq}`);
  }
  return recorded;
}

/**
 * Moves each source's mark over every consecutive recorded seq (one read for the group), and now
 * and then forgets records far below it. The marks of all sources are written together, not one
 * statement per source (each is a round trip on PostgreSQL).
 */
async function advanceHighWaterMarks(trx: Database, marks: ReadonlyMap<AgentId, number>, fresh: ReadonlyMap<AgentId, readonly IngestBatch[]>): Promise<void> {
  const sources = [...fresh.keys()];
  if (sources.length === 0) return;
  const above = new Map<string, number[]>();
  for (let i = 0; i < sources.length; i += 500) {
    const chunk = sources.slice(i, i + 500);
    const rows = await trx
      .selectFrom('received_batch')
      .select(['source_id', 'seq'])
      .where((eb) => eb.or(chunk.map((id) => eb.and([eb('source_id', '=', id), eb('seq', '>', marks.get(id) ?? 0)]))))
      .orderBy('seq')
      .execute();
    for (const row of rows) above.set(row.source_id, [...(above.get(row.source_id) ?? []), row.seq]);
  }
  const advanced: Array<readonly [AgentId, number]> = [];
  const prunable: Array<readonly [AgentId, number]> = [];
  for (const agentId of sources) {
    const current = marks.get(agentId) ?? 0;
    let mark = current;
    for (const seq of above.get(agentId) ?? []) {
      if (seq <= mark) continue;
      if (seq !== mark + 1) break;
      mark = seq;
    }
    if (mark === current) continue;
    advanced.push([agentId, mark]);
    // Pruning every hundredth batch keeps the table small without a delete per batch.
    if (Math.floor(mark / 100) !== Math.floor(current / 100)) prunable.push([agentId, mark - RECEIVED_WINDOW]);
  }
  await setAgentHighWaterMarks(trx, advanced);
  for (let i = 0; i < prunable.length; i += 500) {
    const chunk = prunable.slice(i, i + 500);
    await trx.deleteFrom('received_batch').where((eb) => eb.or(chunk.map(([id, below]) => eb.and([eb('source_id', '=', id), eb('seq', '<', below)])))).execute();
  }
}
