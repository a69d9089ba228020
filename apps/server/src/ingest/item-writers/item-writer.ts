// One writer per item kind, all of the same shape: take every item of its kind from a group of
// committed batches and write them inside the group's transaction.
import type { Item, ItemKind } from '@vigil/protocol';
import type { ItemWriteContext } from '../ingest-context.ts';

export type ItemOf<K extends ItemKind> = Extract<Item, { kind: K }>;

export interface ItemWriter<K extends ItemKind> {
  readonly kind: K;
  write(items: ReadonlyArray<ItemOf<K>>, context: ItemWriteContext): Promise<void>;
}
