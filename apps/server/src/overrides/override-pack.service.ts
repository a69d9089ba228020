// Setting an override through the API writes it into an unsealed override pack (default
// Vigil.Overrides) and imports that pack's next version: the override is then exactly what a
// pack author would have written, exportable and importable elsewhere, and the import path
// (validation, override rows, library reload, agent recompiles) is the one every pack takes.
// Removing one imports the next version of its pack without it, the same way.
//
// Each write is a read-modify-write of the pack, and several admins, scripts or management
// servers may write the same pack at once. It is optimistic: the next version is imported only
// over the stored content it was composed from (a compare-and-swap on the pack row inside the
// import's transaction, see importPackOver), and a writer that lost the race reads again and
// retries. That keeps validation, planning and the agent recompile outside any lock, and needs
// no dialect-specific locking in the import path (the conditional write waits for PostgreSQL's
// row lock; SQLite's BEGIN IMMEDIATE already holds the writer lock). Writes through one server
// are also queued in-process, so a burst there (a script setting overrides in parallel) never
// races itself; the compare-and-swap is what protects writes made through different servers.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { serializePack, VigilError, type PackDocument } from '@vigil/core';
import { DEFAULT_OVERRIDE_PACK, type OverrideSet } from '@vigil/protocol';
import { listOverrides, listStoredPacks, type Database, type StoredOverride, type StoredPack } from '@vigil/store';
import { importPackOver, parsedDocuments, type ImportOutcome, type PackServiceContext } from '../packs/pack-import.service.ts';

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

/** The installed packs as one attempt read them: as stored (what the import swaps over) and parsed. */
interface InstalledPacks {
  readonly stored: readonly StoredPack[];
  readonly documents: readonly PackDocument[];
}

async function installedPacks(db: Database): Promise<InstalledPacks> {
  const stored = await listStoredPacks(db);
  return { stored, documents: parsedDocuments(stored) };
}

/** One attempt's change: pack `packName` should hold `overrides`, composed from `installed`. */
interface OverridePackChange {
  readonly installed: InstalledPacks;
  readonly packName: string;
  readonly overrides: OverrideEntry[];
}

type PackWrite = ImportOutcome & { readonly packVersion: string };

/**
 * Imports the next version of the change's pack (1.0.0 when new) holding its overrides, its other
 * sections as they were, over exactly the stored version the change was composed from; 'stale'
 * (nothing written) when another write got there first.
 */
async function importOverridePack(context: PackServiceContext, change: OverridePackChange, by: string): Promise<PackWrite | 'stale'> {
  const { installed: { documents, stored }, packName, overrides } = change;
  const existing = documents.find((d) => d.pack.name === packName);
  const version = existing ? nextVersion(existing.pack.version) : '1.0.0';
  const header = { name: packName, version, displayName: existing?.pack.displayName ?? 'Overrides', references: referencesFor(documents, packName, existing, overrides) };
  const document: PackDocument = { ...existing, pack: { ...existing?.pack, ...header }, overrides };
  const attempt = await importPackOver(context, serializePack(document), `${packName}.pack.yaml`, by, stored);
  return attempt.status === 'stale' ? 'stale' : { ...attempt.outcome, packVersion: version };
}

const MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 20;
const BACKOFF_CAP_MS = 500;

/** The last override write queued through this server, per database (see the file comment). */
const queues = new WeakMap<Database, Promise<unknown>>();

function queued<T>(db: Database, write: () => Promise<T>): Promise<T> {
  const run = (queues.get(db) ?? Promise.resolve()).then(write, write);
  queues.set(db, run.catch(() => undefined));
  return run;
}

/**
 * Composes a change from freshly read packs and imports it; when another server's write got in
 * between, reads and composes again after a jittered backoff (MAX_ATTEMPTS in all). Throws what
 * `compose` throws (NOT_FOUND, …), and CONFLICT when the pack kept changing under every attempt.
 */
async function writeOverridePack<T extends OverridePackChange>(context: PackServiceContext, by: string, compose: (installed: InstalledPacks) => Promise<T>): Promise<T & PackWrite> {
  return queued(context.db, async () => {
    let packName = '';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const change = await compose(await installedPacks(context.db));
      packName = change.packName;
      const written = await importOverridePack(context, change, by);
      if (written !== 'stale') return { ...change, ...written };
      const ceilingMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      await context.clock.sleep(Math.random() * ceilingMs);
    }
    throw new VigilError('CONFLICT', { what: `Management pack ${packName} kept changing while this override was written (other management servers are writing to it). Try again.` });
  });
}

export interface SetOverrideOutcome extends ImportOutcome {
  readonly packName: string;
  /** The version of the pack that holds this change. */
  readonly packVersion: string;
  readonly entry: OverrideEntry;
}

/**
 * Adds or replaces (same workflow, parameter and context) one override in the unsealed pack
 * `set.packName`, importing its next version. Throws NOT_FOUND (unknown workflow),
 * PACK_IMPORT_REFUSED (sealed target pack), PACK_INVALID (e.g. a value the parameter refuses) or
 * CONFLICT (the pack kept changing through other servers).
 */
export async function setOverride(context: PackServiceContext, set: OverrideSet, by: string): Promise<SetOverrideOutcome> {
  const packName = set.packName ?? DEFAULT_OVERRIDE_PACK;
  const digest = createHash('sha256').update(`${set.workflowId}|${set.parameter}|${set.context.kind}|${set.context.id}`).digest('hex').slice(0, 12);
  const entry: OverrideEntry = {
    id: `${packName}.O${digest}`, workflow: set.workflowId, parameter: set.parameter, value: set.value, context: contextOf(set.context.kind, set.context.id),
    ...(set.enforced !== undefined ? { enforced: set.enforced } : {}), ...(set.description !== undefined ? { description: set.description } : {}),
  };
  const written = await writeOverridePack(context, by, async (installed) => {
    if (!definingPack(installed.documents, set.workflowId)) throw new VigilError('NOT_FOUND', { what: 'Monitor, rule or discovery', id: set.workflowId });
    const existing = installed.documents.find((d) => d.pack.name === packName);
    if (existing?.seal) throw new VigilError('PACK_IMPORT_REFUSED', { pack: packName, reason: 'it is sealed; overrides go into an unsealed pack (choose another --pack)' });
    return { installed, packName, overrides: [...(existing?.overrides ?? []).filter((o) => !sameTarget(o, entry)), entry] };
  });
  return { plan: written.plan, recompiledAgents: written.recompiledAgents, packName, packVersion: written.packVersion, entry };
}

export type RemovedOverride = StoredOverride & { readonly packName: string };

export interface RemoveOverrideOutcome extends ImportOutcome {
  readonly removed: RemovedOverride;
  /** The version of the pack that no longer holds the override. */
  readonly packVersion: string;
}

/**
 * Removes override `id` (as GET /overrides lists it) from the unsealed pack holding it by
 * importing that pack's next version without it. Throws NOT_FOUND (no such override, also when a
 * concurrent write removed it first) or CONFLICT (its pack is sealed, its stored content no longer
 * matches its override rows, or it kept changing through other servers).
 */
export async function removeOverride(context: PackServiceContext, id: string, by: string): Promise<RemoveOverrideOutcome> {
  const written = await writeOverridePack(context, by, async (installed) => {
    const removed = (await listOverrides(context.db)).find((o) => o.id === id);
    if (!removed) throw new VigilError('NOT_FOUND', { what: 'Override', id: `${id} (\`vigil override list\` shows the current ones)` });
    const existing = installed.documents.find((d) => d.pack.name === removed.packName);
    if (!existing) throw new VigilError('CONFLICT', { what: `Override ${id} is in management pack ${removed.packName}, which no longer parses. Import a corrected version of that pack.` });
    // Validation keeps overrides out of sealed packs: this guards that rule, it is no path users take.
    if (existing.seal) throw new VigilError('CONFLICT', { what: `Override ${id} is in sealed management pack ${removed.packName}, which only its author can change. Override it from an unsealed pack instead (an enforced or more specific override wins).` });
    const overrides = withoutEntry(existing.overrides ?? [], removed);
    if (!overrides) throw new VigilError('CONFLICT', { what: `Override ${id} is listed for management pack ${removed.packName} but is not in its content. Import that pack again.` });
    return { installed, packName: removed.packName, overrides, removed };
  });
  return { plan: written.plan, recompiledAgents: written.recompiledAgents, packVersion: written.packVersion, removed: written.removed };
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
