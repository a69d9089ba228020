// A gateway's own data (its health: queue, links, agents behind it) arrives as plain batches with
// the gateway's id as sourceId — or, from a gateway chained behind another, relayed with that id.
// Ingest dedupes them by the exact (sourceId, seq) record; this adds the gateway's contiguous
// high-water mark (in the gateway table, which the agent-keyed ingest does not touch), so the
// welcome can tell the gateway what to drop and old exact records can be forgotten.
import type { AgentId, GatewayId } from '@vigil/core';
import type { Item } from '@vigil/protocol';
import { raiseGatewayHighWater } from '@vigil/store';
import type { LinkDeps } from './link-deps.ts';

/** Exact records kept below the mark, as for agents (out-of-order arrivals through other paths). */
const RECEIVED_WINDOW = 1000;

export async function commitGatewayBatch(deps: LinkDeps, gateway: { id: GatewayId; name: string; hostName: string }, seq: number, items: readonly Item[]): Promise<'committed' | 'duplicate'> {
  const outcome = await deps.ingest.submit({ source: { agentId: gateway.id as string as AgentId, agentName: gateway.name, hostName: gateway.hostName }, seq, items });
  await advanceGatewayMark(deps, gateway.id);
  return outcome.status;
}

async function advanceGatewayMark(deps: LinkDeps, id: GatewayId): Promise<void> {
  const row = await deps.db.selectFrom('gateway').select('high_water_seq').where('id', '=', id).executeTakeFirst();
  const current = Number(row?.high_water_seq ?? 0);
  const above = await deps.db.selectFrom('received_batch').select('seq').where('source_id', '=', id).where('seq', '>', current).orderBy('seq').limit(10_000).execute();
  let mark = current;
  for (const { seq } of above) {
    if (Number(seq) !== mark + 1) break;
    mark = Number(seq);
  }
  if (mark === current) return;
  await raiseGatewayHighWater(deps.db, id, mark);
  await deps.db.deleteFrom('received_batch').where('source_id', '=', id).where('seq', '<', mark - RECEIVED_WINDOW).execute();
}
