import type { ItemKind } from '@vigil/protocol';
import type { ItemWriter } from './item-writer.ts';
import { perfItemWriter } from './perf.item-writer.ts';
import { eventItemWriter } from './event.item-writer.ts';
import { stateChangeItemWriter } from './state-change.item-writer.ts';
import { alertItemWriter } from './alert.item-writer.ts';
import { discoveryItemWriter } from './discovery.item-writer.ts';
import { agentHealthItemWriter } from './agent-health.item-writer.ts';

/**
 * In the order a group is written: discovery first (objects exist before data about them),
 * then data, then states and alerts.
 */
export const ITEM_WRITERS: { readonly [K in ItemKind]: ItemWriter<K> } = {
  discovery: discoveryItemWriter,
  perf: perfItemWriter,
  event: eventItemWriter,
  'agent-health': agentHealthItemWriter,
  'state-change': stateChangeItemWriter,
  alert: alertItemWriter,
};

export const WRITE_ORDER: readonly ItemKind[] = ['discovery', 'perf', 'event', 'agent-health', 'state-change', 'alert'];
