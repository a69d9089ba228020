// Validating, importing, exporting and removing management packs. An import is refused when it
// is invalid (the message names file, line and what to fix), older than the installed version,
// or sealed with a broken or untrusted seal. Overrides live in unsealed packs that reference the
// sealed one, so upgrading a sealed pack keeps them.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import {
  checkPack, createMonitorTypeRegistry, formatDiagnostic, parsePack, planImport, VigilError,
  type Clock, type Logger, type PackDiagnostic, type PackDocument, type ImportPlan,
} from '@vigil/core';
import { deletePack, listStoredPacks, savePack, type Database, type StoredClass, type StoredOverride, type StoredPack } from '@vigil/store';
import type { PackLibrary } from './pack-library.ts';
import { recompileAllAgentConfigs } from './agent-config.service.ts';
import { syncPoolObjects } from './pool-discovery.ts';
import { PROBE_REGISTRY, probeIds, validateProbe } from '../probes/probe-registry.ts';

const registry = createMonitorTypeRegistry();
/** Probe sources are checked by the probe registry at validation and import (core owns the port). */
const probes = { has: (probe: string) => PROBE_REGISTRY.has(probe), validateConfig: validateProbe, ids: probeIds };

export interface PackServiceContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly packs: PackLibrary;
  /** Public keys whose seals this group trusts (PEM or KeyObject). */
  readonly trustedPublicKeys: ReadonlyArray<KeyObject | string>;
}

export type ValidationOutcome = { readonly valid: true; readonly pack: PackDocument; readonly warnings: readonly string[] } | { readonly valid: false; readonly problems: readonly string[] };

export async function validatePackText(context: Pick<PackServiceContext, 'db'>, text: string, file: string): Promise<ValidationOutcome> {
  const available = await installedDocuments(context.db);
  const result = checkPack(text, file, { catalogue: registry, probes, available });
  if (result.status === 'invalid') return { valid: false, problems: result.diagnostics.map(formatDiagnostic) };
  return { valid: true, pack: result.pack.document, warnings: result.warnings.map(formatDiagnostic) };
}

export interface ImportOutcome {
  readonly plan: ImportPlan;
  readonly recompiledAgents: number;
}

/**
 * Throws PACK_INVALID or PACK_IMPORT_REFUSED with a message that says what to do, or CONFLICT
 * when another import changed the same pack while this one was being checked. With
 * `recompile: false` the caller recompiles agent configurations itself (once, after several imports).
 */
export async function importPackText(context: PackServiceContext, text: string, file: string, by: string, options: { recompile?: boolean } = {}): Promise<ImportOutcome> {
  const attempt = await importPackOver(context, text, file, by, await listStoredPacks(context.db), options);
  if (attempt.status === 'imported') return attempt.outcome;
  throw new VigilError('CONFLICT', { what: `Management pack ${attempt.pack} was changed by another import while this one was being checked. Import it again.` });
}

/** An import that found its pack no longer as it was read is `stale` and wrote nothing. */
export type ImportAttempt = { readonly status: 'imported'; readonly outcome: ImportOutcome } | { readonly status: 'stale'; readonly pack: string };

/**
 * Imports `text`, checked against `stored` (the packs as the caller read them, which `text` may
 * have been composed from). The pack row is replaced by compare-and-swap in the import's
 * transaction: only if it still holds the content `stored` shows (or is still absent). So an
 * import never overwrites one it did not see: it returns `stale` instead, for the caller to read
 * again and retry. Throws as importPackText.
 */
export async function importPackOver(
  context: PackServiceContext, text: string, file: string, by: string, stored: readonly StoredPack[], options: { recompile?: boolean } = {},
): Promise<ImportAttempt> {
  const installedDocs = parsedDocuments(stored);
  const result = checkPack(text, file, { catalogue: registry, probes, available: installedDocs });
  if (result.status === 'invalid') throw invalid(file, result.diagnostics);
  const document = result.pack.document;
  const replacing = stored.find((p) => p.name === document.pack.name)?.content ?? null;
  await checkOperatorGroups(context.db, document);
  const installed = installedDocs.find((d) => d.pack.name === document.pack.name);
  const plan = planImport(installed, document, { trustedPublicKeys: context.trustedPublicKeys });
  if (plan.kind === 'refused-older' || plan.kind === 'refused-seal') throw new VigilError('PACK_IMPORT_REFUSED', { pack: document.pack.name, reason: plan.message });
  if (plan.kind === 'same-version' && plan.identical) return { status: 'imported', outcome: { plan, recompiledAgents: 0 } };
  if (plan.kind === 'same-version' && !plan.replaceable) throw new VigilError('PACK_IMPORT_REFUSED', { pack: document.pack.name, reason: plan.message });

  const saved = await context.db.transaction().execute(async (trx) => {
    const swapped = await savePack(
      trx,
      {
        name: document.pack.name,
        version: document.pack.version,
        displayName: document.pack.displayName,
        sealed: document.seal !== undefined,
        sealKeyId: document.seal?.keyId ?? null,
        content: text,
        importedAtMs: context.clock.nowMs(),
        importedBy: by,
      },
      classesOf(document),
      overridesOf(document),
      replacing,
    );
    if (!swapped) return false;
    for (const group of document.groups ?? []) {
      const values = { display_name: group.displayName ?? group.id, pack_name: document.pack.name, definition_json: JSON.stringify(group) };
      await trx
        .insertInto('monitoring_group')
        .values({ id: group.id, created_at: context.clock.nowMs(), ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    }
    return true;
  });
  if (!saved) return { status: 'stale', pack: document.pack.name };
  await context.packs.reload();
  const recompiledAgents = options.recompile === false ? 0 : await recompileAllAgentConfigs(context);
  await syncPoolObjects(context);
  context.logger.info({ pack: document.pack.name, version: document.pack.version, plan: plan.kind, recompiledAgents }, 'management pack imported');
  return { status: 'imported', outcome: { plan, recompiledAgents } };
}

/** Removes a pack no other installed pack references. Throws NOT_FOUND or CONFLICT. */
export async function removePack(context: PackServiceContext, name: string): Promise<void> {
  const installed = await installedDocuments(context.db);
  if (!installed.some((d) => d.pack.name === name)) throw new VigilError('NOT_FOUND', { what: 'Management pack', id: name });
  const dependents = installed.filter((d) => (d.pack.references ?? []).some((r) => r.name === name)).map((d) => d.pack.name);
  if (dependents.length > 0) throw new VigilError('CONFLICT', { what: `Management pack ${name} is referenced by ${dependents.join(', ')}; remove those first.` });
  await context.db.transaction().execute(async (trx) => {
    await deletePack(trx, name);
    await trx.deleteFrom('monitoring_group').where('pack_name', '=', name).execute();
  });
  await context.packs.reload();
  await recompileAllAgentConfigs(context);
  await syncPoolObjects(context);
}

/** The pack exactly as imported (sealed packs keep their seal). Throws NOT_FOUND. */
export async function exportPackText(db: Database, name: string): Promise<string> {
  const pack = (await listStoredPacks(db)).find((p) => p.name === name);
  if (!pack) throw new VigilError('NOT_FOUND', { what: 'Management pack', id: name });
  return pack.content;
}

/**
 * Imports the packs shipped in `folder` (packs/<name>/*.pack.yaml) that are missing or newer than
 * the installed version; core packs first. Used when a management server starts.
 */
export async function importBuiltInPacks(context: PackServiceContext, folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(folder, entry.name)).filter((f) => f.endsWith('.pack.yaml')).map((f) => join(folder, entry.name, f)))
    .sort((a, b) => Number(b.includes('vigil-core')) - Number(a.includes('vigil-core')));
  const imported: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const parsed = parsePack(text, file);
    if (parsed.status !== 'parsed') continue;
    const installed = (await installedDocuments(context.db)).find((d) => d.pack.name === parsed.pack.document.pack.name);
    if (installed && installed.pack.version === parsed.pack.document.pack.version) continue;
    try {
      const outcome = await importPackText(context, text, file, 'built-in', { recompile: false });
      if (outcome.plan.kind !== 'same-version') imported.push(`${parsed.pack.document.pack.name} ${parsed.pack.document.pack.version}`);
    } catch (err) {
      context.logger.error({ err, file }, 'a built-in management pack could not be imported');
    }
  }
  // One recompile for all imported packs: a server starting with thousands of agents and new
  // pack versions would otherwise compile every agent once per pack.
  if (imported.length > 0) await recompileAllAgentConfigs(context);
  return imported;
}

/** Overrides may target groups operators created (by UUID); those must exist in this group. */
async function checkOperatorGroups(db: Database, document: PackDocument): Promise<void> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const ids = [...new Set((document.overrides ?? []).flatMap((o) => ('group' in o.context && uuid.test(o.context.group) ? [o.context.group] : [])))];
  if (ids.length === 0) return;
  const found = new Set((await db.selectFrom('monitoring_group').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new VigilError('PACK_IMPORT_REFUSED', { pack: document.pack.name, reason: `its overrides target group(s) ${missing.join(', ')}, which do not exist in this management group. Create the group first or fix the override.` });
  }
}

async function installedDocuments(db: Database): Promise<PackDocument[]> {
  return parsedDocuments(await listStoredPacks(db));
}

/** The stored packs that parse, as documents. */
export function parsedDocuments(stored: readonly StoredPack[]): PackDocument[] {
  return stored.flatMap((p) => {
    const parsed = parsePack(p.content, p.name);
    return parsed.status === 'parsed' ? [parsed.pack.document] : [];
  });
}

function invalid(file: string, diagnostics: readonly PackDiagnostic[]): VigilError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return new VigilError('PACK_INVALID', { file, count: errors.length, first: formatDiagnostic(errors[0] ?? diagnostics[0]!), all: errors.map(formatDiagnostic).join('\n') });
}

function classesOf(document: PackDocument): StoredClass[] {
  return (document.classes ?? []).map((c) => ({
    id: c.id,
    baseId: c.base ?? null,
    abstract: c.abstract === true,
    hosted: c.hosted === true,
    displayName: c.displayName ?? c.id,
    properties: (c.properties ?? []).map((p) => ({ name: p.name, type: p.type, ...(p.key ? { key: true } : {}) })),
  }));
}

/** Rows keep the override's own id (unique: qualified by its pack), so it survives re-imports of the pack. */
function overridesOf(document: PackDocument): StoredOverride[] {
  return (document.overrides ?? []).map((o) => ({
    id: o.id,
    workflowId: o.workflow,
    parameter: o.parameter,
    value: o.value,
    contextKind: 'class' in o.context ? 'class' : 'group' in o.context ? 'group' : 'instance',
    contextId: 'class' in o.context ? o.context.class : 'group' in o.context ? o.context.group : o.context.instance,
    enforced: o.enforced === true,
  }));
}

