// Everything a pack can see by id: its own elements plus those of the packs it references
// (transitively, because a base class chain may run through packs the author never named).
// Visibility is narrower than the index: an id may be *used* only if it is defined in the pack
// itself or in a directly referenced pack (as in SCOM), which `visibility` reports.
import type { ClassDefinition, ClassProperty, RelationshipDefinition } from '../schema/model.schema.ts';
import type { DiscoveryDefinition } from '../schema/discovery.schema.ts';
import type { GroupDefinition } from '../schema/group.schema.ts';
import type { MonitorDefinition } from '../schema/monitor.schema.ts';
import type { OverrideDefinition } from '../schema/override.schema.ts';
import type { PackDocument } from '../schema/pack.schema.ts';
import type { TaskDefinition, ViewDefinition } from '../schema/presentation.schema.ts';
import type { RuleDefinition } from '../schema/rule.schema.ts';

export type IndexedElement =
  | { readonly kind: 'class'; readonly pack: string; readonly element: ClassDefinition }
  | { readonly kind: 'relationship'; readonly pack: string; readonly element: RelationshipDefinition }
  | { readonly kind: 'discovery'; readonly pack: string; readonly element: DiscoveryDefinition }
  | { readonly kind: 'monitor'; readonly pack: string; readonly element: MonitorDefinition }
  | { readonly kind: 'rule'; readonly pack: string; readonly element: RuleDefinition }
  | { readonly kind: 'task'; readonly pack: string; readonly element: TaskDefinition }
  | { readonly kind: 'view'; readonly pack: string; readonly element: ViewDefinition }
  | { readonly kind: 'override'; readonly pack: string; readonly element: OverrideDefinition }
  | { readonly kind: 'group'; readonly pack: string; readonly element: GroupDefinition };

export type ElementKind = IndexedElement['kind'];

/** Finds an installed (or supplied) pack by name; the highest version when several exist. */
export type PackLookup = (name: string) => PackDocument | undefined;

export type Visibility = 'visible' | 'unknown' | { readonly notReferenced: string };

export interface PackIndex {
  readonly self: PackDocument;
  get(id: string): IndexedElement | undefined;
  /** Every indexed id (this pack and all referenced packs). */
  ids(): string[];
  visibility(id: string): Visibility;
  /** The class and its ancestors, nearest first; stops at a cycle or an unknown base. */
  lineage(classId: string): ClassDefinition[];
  isSameOrDerived(classId: string, ancestorId: string): boolean;
  /** Own and inherited properties by name. */
  properties(classId: string): Map<string, ClassProperty>;
}

/** Elements of `document` in a fixed order, with the YAML section they come from. */
export function elementsOf(document: PackDocument): { readonly section: keyof PackDocument; readonly index: number; readonly entry: IndexedElement }[] {
  const pack = document.pack.name;
  const out: { section: keyof PackDocument; index: number; entry: IndexedElement }[] = [];
  const add = <K extends ElementKind>(section: keyof PackDocument, kind: K, list: readonly Extract<IndexedElement, { kind: K }>['element'][] | undefined): void => {
    (list ?? []).forEach((element, index) => out.push({ section, index, entry: { kind, pack, element } as IndexedElement }));
  };
  add('classes', 'class', document.classes);
  add('relationships', 'relationship', document.relationships);
  add('discoveries', 'discovery', document.discoveries);
  add('monitors', 'monitor', document.monitors);
  add('rules', 'rule', document.rules);
  add('tasks', 'task', document.tasks);
  add('views', 'view', document.views);
  add('overrides', 'override', document.overrides);
  add('groups', 'group', document.groups);
  return out;
}

export function buildPackIndex(self: PackDocument, lookup: PackLookup): PackIndex {
  const byId = new Map<string, IndexedElement>();
  const seenPacks = new Set<string>();
  const include = (document: PackDocument): void => {
    if (seenPacks.has(document.pack.name)) return;
    seenPacks.add(document.pack.name);
    // First definition wins, so the pack being validated shadows nothing it did not define.
    for (const { entry } of elementsOf(document)) if (!byId.has(entry.element.id)) byId.set(entry.element.id, entry);
    for (const reference of document.pack.references ?? []) {
      const referenced = lookup(reference.name);
      if (referenced !== undefined) include(referenced);
    }
  };
  include(self);
  const direct = new Set([self.pack.name, ...(self.pack.references ?? []).map((reference) => reference.name)]);

  const lineage = (classId: string): ClassDefinition[] => {
    const chain: ClassDefinition[] = [];
    const seen = new Set<string>();
    let current: string | undefined = classId;
    while (current !== undefined && !seen.has(current)) {
      seen.add(current);
      const entry = byId.get(current);
      if (entry?.kind !== 'class') break;
      chain.push(entry.element);
      current = entry.element.base;
    }
    return chain;
  };

  return {
    self,
    get: (id) => byId.get(id),
    ids: () => [...byId.keys()],
    visibility(id) {
      const entry = byId.get(id);
      if (entry === undefined) return 'unknown';
      return direct.has(entry.pack) ? 'visible' : { notReferenced: entry.pack };
    },
    lineage,
    isSameOrDerived: (classId, ancestorId) => lineage(classId).some((cls) => cls.id === ancestorId),
    properties(classId) {
      const result = new Map<string, ClassProperty>();
      for (const cls of lineage(classId).reverse()) for (const property of cls.properties ?? []) result.set(property.name, property);
      return result;
    },
  };
}
