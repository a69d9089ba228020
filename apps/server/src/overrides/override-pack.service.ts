// Setting an override through the API writes it into an unsealed override pack (default
// Vigil.Overrides) and imports that pack's next version: the override is then exactly what a
// pack author would have written, exportable and importable elsewhere, and the import path
// (validation, override rows, library reload, agent recompiles) is the one every pack takes.
// Removing one imports the next version of its pack without it, the same way.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parsePack, serializePack, VigilError, type PackDocument } from '@vigil/core';
import { DEFAULT_OVERRIDE_PACK, type OverrideSet } from '@vigil/protocol';
import { listOverrides, listStoredPacks, type Database, type StoredOverride } from '@vigil/store';
import { importPackText, type ImportOutcome, type PackServiceContext } from '../packs/pack-import.service.ts';

type OverrideEntry = NonNullable<PackDocument['overrides']>[number];

function contextOf(kind: OverrideSet['context']['kind'], id: string): OverrideEntry['context'] {
  if (kind === 'class') return { class: id };
  if (kind === 'group') return { group: id };
  return { instance: id };
}

function sameTarget(a: OverrideEntry, b: OverrideEntry): boolean {
  return a.workflow === b.workflow && a.parameter === b.parameter && isDeepStrictEqual(a.context, b.context);
}

/** The pack defining workflow `id` (monitor, rule or discovery), from the installed documents. */
function definingPack(documents: readonly PackDocument[], id: string): PackDocument | undefined {
  return documents.find((d) => [...(d.monitors ?? []), ...(d.rules ?? []), ...(d.discoveries ?? [])].some((w) => w.id === id));
}

/** The pack defining the class or group an override's context names (instances need none). */
function contextPack(documents: readonly PackDocument[], context: OverrideEntry['context']): PackDocument | undefined {
  if ('class' in context) return documents.find((d) => (d.classes ?? []).some((c) => c.id === context.class));
  if ('group' in context) return documents.find((d) => (d.groups ?? []).some((g) => g.id === context.group));
  return undefined;
}

function nextVersion(version: string): string {
  const [major = 1, minor = 0, patch = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return `${major}.${minor}.${patch + 1}`;
}

/** True when a pack holds nothing but overrides (as the packs written here do). */
function onlyOverrides(document: PackDocument): boolean {
  const { pack: _header, overrides: _overrides, ...sections } = document;
  return Object.values(sections).every((section) => section === undefined || (Array.isArray(section) && section.length === 0));
}

/**
 * A pack's references once it holds `overrides`: the packs defining their workflows, classes and
 * groups, at the installed versions. A pack with other sections also keeps its own references
 * (those sections may need them); a pack of overrides only drops the ones no override uses any
 * more, so that a pack no longer overridden can be removed.
 */
function referencesFor(documents: readonly PackDocument[], packName: string, existing: PackDocument | undefined, overrides: readonly OverrideEntry[]): Array<{ name: string; version: string }> {
  const kept = existing && !onlyOverrides(existing) ? (existing.pack.references ?? []) : [];
  const references = new Map(kept.map((r) => [r.name, r.version]));
  for (const o of overrides) {
    for (const defining of [definingPack(documents, o.workflow), contextPack(documents, o.context)]) {
      if (defining && defining.pack.name !== packName) references.set(defining.pack.name, defining.pack.version);
    }
  }
  return [...references].map(([name, version]) => ({ name, version }));
}

/** Imports the next version of `packName` (1.0.0 when new) holding `overrides`, its other sections as they were. */
async function importOverridePack(
  context: PackServiceContext, documents: readonly PackDocument[], packName: string, overrides: OverrideEntry[], by: string,
): Promise<ImportOutcome & { readonly packVersion: string }> {
  const existing = documents.find((d) => d.pack.name === packName);
  const version = existing ? nextVersion(existing.pack.version) : '1.0.0';
  const header = { name: packName, version, displayName: existing?.pack.displayName ?? 'Overrides', references: referencesFor(documents, packName, existing, overrides) };
  const document: PackDocument = { ...existing, pack: { ...existing?.pack, ...header }, overrides };
  const outcome = await importPackText(context, serializePack(document), `${packName}.pack.yaml`, by);
  return { ...outcome, packVersion: version };
}

async function installedDocuments(db: Database): Promise<PackDocument[]> {
  return (await listStoredPacks(db)).flatMap((p) => {
    const parsed = parsePack(p.content, p.name);
    return parsed.status === 'parsed' ? [parsed.pack.document] : [];
  });
}

export interface SetOverrideOutcome extends ImportOutcome {
  readonly packName: string;
  readonly packVersion: string;
  readonly entry: OverrideEntry;
}

/**
 * Adds or replaces (same workflow, parameter and context) one override in the unsealed pack
 * `set.packName`, importing its next version. Throws NOT_FOUND (unknown workflow),
 * PACK_IMPORT_REFUSED (sealed target pack) or PACK_INVALID (e.g. a value the parameter refuses).
 */
export async function setOverride(context: PackServiceContext, set: OverrideSet, by: string): Promise<SetOverrideOutcome> {
  const packName = set.packName ?? DEFAULT_OVERRIDE_PACK;
  const documents = await installedDocuments(context.db);
  if (!definingPack(documents, set.workflowId)) throw new VigilError('NOT_FOUND', { what: 'Monitor, rule or discovery', id: set.workflowId });
  const existing = documents.find((d) => d.pack.name === packName);
  if (existing?.seal) throw new VigilError('PACK_IMPORT_REFUSED', { pack: packName, reason: 'it is sealed; overrides go into an unsealed pack (choose another --pack)' });
  const digest = createHash('sha256').update(`${set.workflowId}|${set.parameter}|${set.context.kind}|${set.context.id}`).digest('hex').slice(0, 12);
  const entry: OverrideEntry = {
    id: `${packName}.O${digest}`, workflow: set.workflowId, parameter: set.parameter, value: set.value, context: contextOf(set.context.kind, set.context.id),
    ...(set.enforced !== undefined ? { enforced: set.enforced } : {}), ...(set.description !== undefined ? { description: set.description } : {}),
  };
  const overrides = [...(existing?.overrides ?? []).filter((o) => !sameTarget(o, entry)), entry];
  return { ...(await importOverridePack(context, documents, packName, overrides, by)), packName, entry };
}

export type RemovedOverride = StoredOverride & { readonly packName: string };

export interface RemoveOverrideOutcome extends ImportOutcome {
  readonly removed: RemovedOverride;
  readonly packVersion: string;
}

/**
 * Removes override `id` (as GET /overrides lists it) from the unsealed pack holding it by
 * importing that pack's next version without it. Throws NOT_FOUND (no such override) or
 * CONFLICT (its pack is sealed, or its stored content no longer matches its override rows).
 */
export async function removeOverride(context: PackServiceContext, id: string, by: string): Promise<RemoveOverrideOutcome> {
  const removed = (await listOverrides(context.db)).find((o) => o.id === id);
  if (!removed) throw new VigilError('NOT_FOUND', { what: 'Override', id: `${id} (\`vigil override list\` shows the current ones)` });
  const documents = await installedDocuments(context.db);
  const existing = documents.find((d) => d.pack.name === removed.packName);
  if (!existing) throw new VigilError('CONFLICT', { what: `Override ${id} is in management pack ${removed.packName}, which no longer parses. Import a corrected version of that pack.` });
  // Validation keeps overrides out of sealed packs: this guards that rule, it is no path users take.
  if (existing.seal) throw new VigilError('CONFLICT', { what: `Override ${id} is in sealed management pack ${removed.packName}, which only its author can change. Override it from an unsealed pack instead (an enforced or more specific override wins).` });
  const overrides = withoutEntry(existing.overrides ?? [], removed);
  if (!overrides) throw new VigilError('CONFLICT', { what: `Override ${id} is listed for management pack ${removed.packName} but is not in its content. Import that pack again.` });
  return { ...(await importOverridePack(context, documents, removed.packName, overrides, by)), removed };
}

/** `entries` without the one stored as `row` (by its id, or by content for rows stored before ids were kept); undefined when absent. */
function withoutEntry(entries: readonly OverrideEntry[], row: StoredOverride): OverrideEntry[] | undefined {
  const context = contextOf(row.contextKind, row.contextId);
  const sameContent = (o: OverrideEntry): boolean => o.workflow === row.workflowId && o.parameter === row.parameter && isDeepStrictEqual(o.context, context)
    && isDeepStrictEqual(o.value, row.value) && (o.enforced === true) === row.enforced;
  const byId = entries.findIndex((o) => o.id === row.id);
  const at = byId >= 0 ? byId : entries.findIndex(sameContent);
  return at < 0 ? undefined : entries.filter((_, i) => i !== at);
}
