// Text -> schema-valid pack document, or diagnostics that point at lines. Semantic checks
// (do the referenced classes exist, ...) are validate-pack's job.
import { Compile } from 'typebox/compile';
import { PackSchema, type PackDocument } from '../schema/pack.schema.ts';
import type { PackDiagnostic } from './pack-diagnostic.ts';
import { explainSchemaProblems } from './schema-explainer.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

/** A schema-valid pack with its source, so later checks can still report file and line. */
export interface ParsedPack {
  readonly document: PackDocument;
  readonly source: YamlSource;
}

export type PackParseResult =
  | { readonly status: 'parsed'; readonly pack: ParsedPack }
  | { readonly status: 'invalid'; readonly diagnostics: readonly PackDiagnostic[] };

function compilePackSchema() {
  return Compile(PackSchema);
}
let compiled: ReturnType<typeof compilePackSchema> | undefined;
/** Compiled on first use: importing @vigil/core should not pay for it. */
function packValidator(): ReturnType<typeof compilePackSchema> {
  compiled ??= compilePackSchema();
  return compiled;
}

/** Never throws for bad input; `file` is only used in the diagnostics. */
export function parsePack(text: string, file: string): PackParseResult {
  const parsed = parseYamlSource(text, file);
  if (parsed.status === 'invalid') return parsed;
  const { source } = parsed;
  if (packValidator().Check(source.value)) {
    return { status: 'parsed', pack: { document: source.value as PackDocument, source } };
  }
  const problems = explainSchemaProblems(PackSchema as unknown as Record<string, unknown>, source.value);
  if (problems.length === 0) {
    // The explainer and the compiled check disagree: report the compiled check's first error.
    const first = packValidator().Errors(source.value)[0];
    const path = (first?.instancePath ?? '').split('/').filter((segment) => segment !== '');
    return { status: 'invalid', diagnostics: [source.diagnostic(path, `${first?.instancePath ?? '/'} ${first?.message ?? 'does not match the pack schema'}.`)] };
  }
  return {
    status: 'invalid',
    diagnostics: problems.map((problem) => source.diagnostic(problem.path, problem.message, { anchor: problem.anchor })),
  };
}
