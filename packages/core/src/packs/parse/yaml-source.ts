// Parses pack YAML while keeping the node tree and line table, so a problem found later on the
// plain value (by the schema or a semantic check) can be reported at the line that caused it.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PackDiagnostic, PackPath } from './pack-diagnostic.ts';
import { pathToPointer } from './pack-diagnostic.ts';

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Point at the key of the last path segment (for unknown or duplicate keys) or at its value. */
export type PathAnchor = 'key' | 'value';

export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** Nearest existing node along `path`: a missing field is reported at its parent. */
  locate(path: PackPath, anchor?: PathAnchor): SourcePosition;
  diagnostic(path: PackPath, message: string, options?: { anchor?: PathAnchor; severity?: 'error' | 'warning' }): PackDiagnostic;
}

export type YamlSourceResult =
  | { readonly status: 'parsed'; readonly source: YamlSource }
  | { readonly status: 'invalid'; readonly diagnostics: readonly PackDiagnostic[] };

/** Never throws: YAML syntax errors come back as diagnostics with their position. */
export function parseYamlSource(text: string, file: string): YamlSourceResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      status: 'invalid',
      diagnostics: document.errors.map((error) => {
        const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
        return {
          severity: 'error',
          file,
          line: pos.line,
          column: pos.col,
          path: '/',
          message: `YAML syntax: ${firstLine(error.message)}. Check indentation, quoting and that each key appears once.`,
        };
      }),
    };
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  const locate = (path: PackPath, anchor: PathAnchor = 'value'): SourcePosition => {
    const offset = offsetOf(document, path, anchor);
    const pos = lineCounter.linePos(offset);
    return { line: Math.max(pos.line, 1), column: Math.max(pos.col, 1) };
  };
  return {
    status: 'parsed',
    source: {
      file,
      value,
      locate,
      diagnostic(path, message, options = {}) {
        const { line, column } = locate(path, options.anchor);
        return { severity: options.severity ?? 'error', file, line, column, path: pathToPointer(path), message };
      },
    },
  };
}

function offsetOf(document: Document, path: PackPath, anchor: PathAnchor): number {
  let node: Node | null | undefined = document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) return offset;
      const key = pair.key as Node;
      if (last && anchor === 'key') return key.range?.[0] ?? offset;
      node = pair.value as Node | null;
      // An empty value (`key:`) has no node: the key is the best place to point at.
      offset = node?.range?.[0] ?? key.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/** The message without the position and code frame that `prettyErrors` appends (we report those ourselves). */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
