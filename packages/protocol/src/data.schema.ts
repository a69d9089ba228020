// Data transfer with exactly-once effect.
//
// Contract (sender = agent or gateway, receiver = gateway or MS):
// - Every batch carries (sourceId, seq). seq is assigned once by the ORIGINAL producer, persisted
//   with the items, strictly increasing per source, and never changes when a batch is resent.
// - The receiver commits the items and records (sourceId, seq) in ONE transaction, and only then
//   sends `ack`. A batch whose (sourceId, seq) is already recorded is acked without writing again.
// - The sender deletes a batch only when acked. Acks are cumulative per link: `ack {seq: n}` means
//   every batch of that source the sender sent on this link up to n is committed (the receiver
//   handles a link's frames in order, so that holds).
// - Receivers dedupe by the exact pair (sourceId, seq), not only by a high-water mark: an agent
//   that fails over between gateways can have batch n still queued at gateway A while n+1 arrives
//   through gateway B, and a bare high-water mark would then discard n as a duplicate.
import { Type } from 'typebox';
import { CLOSED, Seq, Uuid, type Wire } from './common.schema.ts';
import { ItemSchema } from './item.schema.ts';
import { MAX_BATCH_ITEMS } from './limits.ts';

export const BatchSchema = Type.Object(
  {
    kind: Type.Literal('batch'),
    /** The producing agent's (or gateway's own) id; a relayed batch keeps the agent's id. */
    sourceId: Uuid,
    seq: Seq,
    items: Type.Array(ItemSchema, { minItems: 1, maxItems: MAX_BATCH_ITEMS }),
  },
  CLOSED,
);
export type Batch = Wire<typeof BatchSchema>;

export const AckSchema = Type.Object({ kind: Type.Literal('ack'), sourceId: Uuid, seq: Seq }, CLOSED);
export type Ack = Wire<typeof AckSchema>;
