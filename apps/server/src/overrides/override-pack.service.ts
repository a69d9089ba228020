// Setting an override through the API writes it into an unsealed override pack (default
// Vigil.Overrides) and imports that pack's next version: the override is then exactly what a
// pack author would have written, exportable and importable elsewhere, and the import path
// (validation, override rows, library reload, agent recompiles) is the one every pack takes.
import { createHash } from 'node:crypto';
import { parsePack, VigilError, type PackDocument } from '@vigil/core';
import { DEFAULT_OVERRIDE_PACK, type OverrideSet } from '@vigil/protocol';
import { listStoredPacks } from '@vigil/store';
import { importPackText, type ImportOutcome, type PackServiceContext } from '../packs/pack-import.service.ts';

type OverrideEntry = NonNullable<PackDocument['overrides']>[number];

const q = (value: unknown): string => JSON.stringify(value);

function contextOf(set: OverrideSet): OverrideEntry['context'] {
  if (set.context.kind === 'class') return { class: set.context.id };
  if (set.context.kind === 'group') return { group: set.context.id };
  return { instance: set.context.id };
}

function sameTarget(a: OverrideEntry, b: OverrideEntry): boolean {
  return a.workflow === b.workflow && a.parameter === b.parameter && JSON.stringify(a.context) === JSON.stringify(b.context);
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

/** YAML for an override pack (JSON scalars and flow maps are valid YAML). */
export function overridePackYaml(name: string, version: string, displayName: string, references: ReadonlyArray<{ name: string; version: string }>, overrides: readonly OverrideEntry[]): string {
  const lines = ['pack:', `  name: ${name}`, `  version: ${version}`, `  displayName: ${q(displayName)}`];
  if (references.length > 0) lines.push('  references:', ...references.map((r) => `    - { name: ${r.name}, version: ${r.version} }`));
  lines.push(overrides.length > 0 ? 'overrides:' : 'overrides: []');
  for (const o of overrides) {
    lines.push(`  - id: ${o.id}`, `    workflow: ${o.workflow}`, `    parameter: ${q(o.parameter)}`, `    value: ${q(o.value)}`, `    context: ${q(o.context)}`);
    if (o.enforced !== undefined) lines.push(`    enforced: ${o.enforced}`);
    if (o.description !== undefined) lines.push(`    description: ${q(o.description)}`);
  }
  return `${lines.join('\n')}\n`;
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
  const stored = await listStoredPacks(context.db);
  const documents = stored.flatMap((p) => {
    const parsed = parsePack(p.content, p.name);
    return parsed.status === 'parsed' ? [parsed.pack.document] : [];
  });
  const target = definingPack(documents, set.workflowId);
  if (!target) throw new VigilError('NOT_FOUND', { what: 'Monitor, rule or discovery', id: set.workflowId });
  const existing = documents.find((d) => d.pack.name === packName);
  if (existing?.seal) throw new VigilError('PACK_IMPORT_REFUSED', { pack: packName, reason: 'it is sealed; overrides go into an unsealed pack (choose another --pack)' });
  const digest = createHash('sha256').update(`${set.workflowId}|${set.parameter}|${set.context.kind}|${set.context.id}`).digest('hex').slice(0, 12);
  const entry: OverrideEntry = {
    id: `${packName}.O${digest}`, workflow: set.workflowId, parameter: set.parameter, value: set.value, context: contextOf(set),
    ...(set.enforced !== undefined ? { enforced: set.enforced } : {}), ...(set.description !== undefined ? { description: set.description } : {}),
  };
  const overrides = [...(existing?.overrides ?? []).filter((o) => !sameTarget(o, entry)), entry];
  const references = new Map((existing?.pack.references ?? []).map((r) => [r.name, r.version]));
  for (const o of overrides) {
    for (const defining of [definingPack(documents, o.workflow), contextPack(documents, o.context)]) {
      if (defining && defining.pack.name !== packName) references.set(defining.pack.name, defining.pack.version);
    }
  }
  const version = existing ? nextVersion(existing.pack.version) : '1.0.0';
  const yaml = overridePackYaml(packName, version, existing?.pack.displayName ?? 'Overrides', [...references].map(([name, v]) => ({ name, version: v })), overrides);
  const outcome = await importPackText(context, yaml, `${packName}.pack.yaml`, by);
  return { ...outcome, packName, packVersion: version, entry };
}
