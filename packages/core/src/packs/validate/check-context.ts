// What every semantic check receives, and the shared way of resolving an id used in a pack.
import type { PackPath } from '../parse/pack-diagnostic.ts';
import type { PathAnchor } from '../parse/yaml-source.ts';
import { suggest } from '../parse/schema-explainer.ts';
import type { MonitorTypeCatalogue } from '../monitor-type-catalogue.ts';
import type { ProbeCatalogue } from '../agentless/probe-catalogue.ts';
import type { PackDocument } from '../schema/pack.schema.ts';
import type { ElementKind, IndexedElement, PackIndex } from './pack-index.ts';

export interface Finding {
  readonly path: PackPath;
  readonly message: string;
  readonly anchor?: PathAnchor;
  readonly severity?: 'error' | 'warning';
}

export interface CheckContext {
  readonly document: PackDocument;
  readonly index: PackIndex;
  readonly catalogue: MonitorTypeCatalogue;
  /** The management server's probe registry; without it probe names are checked against BUILT_IN_PROBES only. */
  readonly probes?: ProbeCatalogue;
  report(finding: Finding): void;
}

export type Check = (context: CheckContext) => void;

const KIND_NAMES: Record<ElementKind, string> = {
  class: 'class',
  relationship: 'relationship',
  discovery: 'discovery',
  monitor: 'monitor',
  rule: 'rule',
  task: 'task',
  view: 'view',
  override: 'override',
  group: 'group',
};

/**
 * Resolves `id` to an element of one of `kinds` visible from this pack, or reports why not
 * (unknown, defined in a pack that is not referenced, or the wrong kind) and returns undefined.
 * `role` names the field in the message, e.g. "base class".
 */
export function resolve<K extends ElementKind>(
  context: CheckContext,
  path: PackPath,
  id: string,
  kinds: readonly K[],
  role: string,
): Extract<IndexedElement, { kind: K }> | undefined {
  const visibility = context.index.visibility(id);
  if (visibility === 'unknown') {
    const known = allIdsOfKinds(context, kinds);
    context.report({
      path,
      message: `${role} "${id}" is not defined in this pack or in a referenced pack.${suggest(id, known)} Define it here, fix the spelling, or reference the pack that defines it under pack.references.`,
    });
    return undefined;
  }
  if (visibility !== 'visible') {
    context.report({
      path,
      message: `${role} "${id}" is defined in pack ${visibility.notReferenced}, which this pack does not reference directly. Add "- { name: ${visibility.notReferenced}, version: <minimum> }" under pack.references.`,
    });
    return undefined;
  }
  const entry = context.index.get(id);
  if (entry === undefined || !(kinds as readonly ElementKind[]).includes(entry.kind)) {
    context.report({ path, message: `${role} "${id}" is a ${KIND_NAMES[entry?.kind ?? 'class']}, but a ${kinds.map((kind) => KIND_NAMES[kind]).join(' or ')} is needed here.` });
    return undefined;
  }
  return entry as Extract<IndexedElement, { kind: K }>;
}

function allIdsOfKinds(context: CheckContext, kinds: readonly ElementKind[]): string[] {
  return context.index.ids().filter((id) => {
    const kind = context.index.get(id)?.kind;
    return kind !== undefined && kinds.includes(kind);
  });
}
