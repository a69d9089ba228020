// Semantic validation: everything the schema cannot say (ids resolve across packs, no cycles,
// monitor types and their config are accepted by the health registry, overrides fit the sealing
// rules). Reports every problem found, sorted by position, rather than stopping at the first.
import type { MonitorTypeCatalogue } from '../monitor-type-catalogue.ts';
import type { ProbeCatalogue } from '../agentless/probe-catalogue.ts';
import { hasErrors, type PackDiagnostic } from '../parse/pack-diagnostic.ts';
import { parsePack, type ParsedPack } from '../parse/parse-pack.ts';
import type { PackDocument } from '../schema/pack.schema.ts';
import { comparePackVersions } from '../version/pack-version.ts';
import { checkClasses, checkRelationships } from './check-classes.ts';
import type { Check, CheckContext } from './check-context.ts';
import { checkGroups } from './check-groups.ts';
import { checkIds, checkSealRules, referenceChecks } from './check-header.ts';
import { checkMonitors } from './check-monitors.ts';
import { checkAgentless } from './check-agentless.ts';
import { checkOverrides } from './check-overrides.ts';
import { checkDiscoveries, checkRules, checkTasksAndViews } from './check-workflows.ts';
import { buildPackIndex, type PackLookup } from './pack-index.ts';

export interface PackValidationOptions {
  readonly catalogue: MonitorTypeCatalogue;
  /** The probe registry (on the management server), so probe configs are checked at import. */
  readonly probes?: ProbeCatalogue;
  /** The packs references may resolve to (installed packs, or files validated together). */
  readonly available?: PackLookup | readonly PackDocument[];
}

export type PackCheckResult =
  | { readonly status: 'valid'; readonly pack: ParsedPack; readonly warnings: readonly PackDiagnostic[] }
  | { readonly status: 'invalid'; readonly diagnostics: readonly PackDiagnostic[] };

/** Every semantic problem of a schema-valid pack (errors and warnings), in source order. */
export function validatePack(pack: ParsedPack, options: PackValidationOptions): PackDiagnostic[] {
  const lookup = toLookup(options.available ?? [], pack.document);
  const diagnostics: PackDiagnostic[] = [];
  const context: CheckContext = {
    document: pack.document,
    index: buildPackIndex(pack.document, lookup),
    catalogue: options.catalogue,
    ...(options.probes !== undefined ? { probes: options.probes } : {}),
    report: (finding) => {
      diagnostics.push(pack.source.diagnostic(finding.path, finding.message, { anchor: finding.anchor ?? 'value', severity: finding.severity ?? 'error' }));
    },
  };
  const checks: readonly Check[] = [
    referenceChecks(lookup),
    checkIds,
    checkSealRules,
    checkClasses,
    checkRelationships,
    checkDiscoveries,
    checkMonitors,
    checkRules,
    checkTasksAndViews,
    checkOverrides,
    checkGroups,
    checkAgentless,
  ];
  for (const check of checks) check(context);
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Parse and validate in one step: what `vigil pack validate` does for each file. Never throws. */
export function checkPack(text: string, file: string, options: PackValidationOptions): PackCheckResult {
  const parsed = parsePack(text, file);
  if (parsed.status === 'invalid') return parsed;
  const diagnostics = validatePack(parsed.pack, options);
  if (hasErrors(diagnostics)) return { status: 'invalid', diagnostics };
  return { status: 'valid', pack: parsed.pack, warnings: diagnostics };
}

/** A lookup over a list of packs; with several versions of one name, the highest wins. */
export function packLookupFrom(documents: readonly PackDocument[]): PackLookup {
  const byName = new Map<string, PackDocument>();
  for (const document of documents) {
    const current = byName.get(document.pack.name);
    if (current === undefined || comparePackVersions(document.pack.version, current.pack.version) > 0) byName.set(document.pack.name, document);
  }
  return (name) => byName.get(name);
}

function toLookup(available: PackLookup | readonly PackDocument[], self: PackDocument): PackLookup {
  const base = typeof available === 'function' ? available : packLookupFrom(available);
  // The pack under validation never resolves its own references (a reference to itself is an error).
  return (name) => (name === self.pack.name ? undefined : base(name));
}
