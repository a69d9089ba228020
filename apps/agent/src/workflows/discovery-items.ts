// Where a discovery's items come from: the objects a shared collector reports (one item per
// object: `key`, `class` and one field per counter, e.g. `$item.file-system`), a list written in
// the discovery's own config (`vigil.configured`: services to watch, Nagios checks to run), or a
// command printing one JSON object per line.
import { maxAgeFor } from './collector-hub.ts';
import type { Scalar } from './expressions.ts';
import type { WorkflowServices } from './workflow-plugin.ts';

export type DiscoveryItem = Readonly<Record<string, Scalar>>;

export type ItemsResult =
  | { readonly kind: 'items'; readonly items: readonly DiscoveryItem[]; readonly primed: boolean }
  | { readonly kind: 'none'; readonly reason: string };

/** The collector whose items are the entries of its own `config.items` map. */
export const CONFIGURED_COLLECTOR = 'vigil.configured';

/**
 * `items: { <key>: <value> }` gives one item `{ key, value }` per entry; every other map in the
 * config adds a field to the items whose key it holds (`intervalSeconds: { load: 60 }` gives
 * `$item.intervalSeconds` 60 for item `load`).
 */
export function configuredItems(config: Readonly<Record<string, unknown>>): DiscoveryItem[] {
  const entries = config['items'];
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return [];
  return Object.entries(entries as Record<string, unknown>).map(([key, value]) => {
    const item: Record<string, Scalar> = { key, value: scalar(value) };
    for (const [field, map] of Object.entries(config)) {
      if (field === 'items' || typeof map !== 'object' || map === null || Array.isArray(map)) continue;
      const fieldValue = (map as Record<string, unknown>)[key];
      if (fieldValue !== undefined) item[field] = scalar(fieldValue);
    }
    return item;
  });
}

/** Items of one collector, filtered by the discovery config (objectClass, include, exclude, excludeTypes). */
export async function collectorItems(services: WorkflowServices, collector: string, config: Readonly<Record<string, unknown>>, intervalMs: number): Promise<ItemsResult> {
  const collection = await services.collectors.collect(collector, maxAgeFor(intervalMs));
  if (collection.kind !== 'collected') return { kind: 'none', reason: `${collector} ${collection.kind}: ${collection.reason}` };
  const byObject = new Map<string, Record<string, Scalar>>();
  for (const sample of collection.samples) {
    const id = `${sample.object.class}\u0000${sample.object.key}`;
    const item = byObject.get(id) ?? { key: sample.object.key, class: sample.object.class };
    item[sample.counter] = sample.value;
    byObject.set(id, item);
  }
  const objectClass = typeof config['objectClass'] === 'string' ? config['objectClass'] : undefined;
  const include = patterns(config['include']);
  const exclude = patterns(config['exclude']);
  const excludeTypes = new Set(stringList(config['excludeTypes']));
  const items = [...byObject.values()].filter(
    (item) =>
      (objectClass === undefined || item['class'] === objectClass) &&
      (include.length === 0 || include.some((p) => p.test(String(item['key'])))) &&
      !exclude.some((p) => p.test(String(item['key']))) &&
      !excludeTypes.has(String(item['file-system'])),
  );
  return { kind: 'items', items, primed: collection.primed };
}

/** Items from a command's standard output: one JSON object per line; other lines are skipped. */
export function jsonLineItems(stdout: string): DiscoveryItem[] {
  const items: DiscoveryItem[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue;
      items.push(Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, scalar(v)])));
    } catch {
      continue;
    }
  }
  return items;
}

function scalar(value: unknown): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Key patterns: `*` matches any run of characters, everything else literally. */
function patterns(value: unknown): RegExp[] {
  return stringList(value).map((p) => new RegExp(`^${p.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
}
