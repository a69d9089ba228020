// A problem found in a pack, located in its source file so an editor (and a person) can jump to it.

/** A position in a YAML document's value tree: keys of mappings and indexes of lists. */
export type PackPath = readonly (string | number)[];

export interface PackDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** JSON-pointer-like location, e.g. `/monitors/2/target`. */
  readonly path: string;
  /** What is wrong and what to do about it. */
  readonly message: string;
}

/** `file:line:column: message` (the format compilers use, so terminals and editors link it). */
export function formatDiagnostic(diagnostic: PackDiagnostic): string {
  const prefix = diagnostic.severity === 'warning' ? 'warning: ' : '';
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}: ${prefix}${diagnostic.message}`;
}

export function pathToPointer(path: PackPath): string {
  return path.length === 0 ? '/' : path.map((segment) => `/${String(segment)}`).join('');
}

export function hasErrors(diagnostics: readonly PackDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
