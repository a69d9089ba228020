// The small expression language of workflow configuration: `$target.Property` (the instance a
// workflow runs for), `$item.field` (one thing a discovery found), `...$target.Property` (an
// argument list split into words), and the instance keys of docs/agent-workflows.md.
export type Scalar = string | number | boolean | null;

/** The target instance every workflow configuration carries. */
export interface WorkflowTarget {
  readonly classId: string;
  readonly key: string;
  readonly properties: Readonly<Record<string, Scalar>>;
}

const TARGET_REF = /\$target\.([A-Za-z0-9_]+)/g;

/** Replaces every `$target.X` in `text` with the target's property (empty when it has none). */
export function substituteTarget(text: string, target: WorkflowTarget): string {
  return text.replace(TARGET_REF, (_, name: string) => String(target.properties[name] ?? ''));
}

/**
 * Command arguments with `$target.X` filled in. An argument written `...$target.X` is split into
 * words like a shell would (quotes group, backslash escapes, nothing is expanded).
 */
export function expandArgs(args: readonly string[], target: WorkflowTarget): string[] {
  return args.flatMap((arg) => (arg.startsWith('...$target.') ? splitWords(substituteTarget(arg.slice(3), target)) : [substituteTarget(arg, target)]));
}

/** Splits a command line into words: whitespace separates, '…' and "…" group, \ escapes. No expansion. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word = (word ?? '') + (line[++i] ?? '');
      else word = (word ?? '') + c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + (line[++i] ?? '');
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * A discovery property value: `$item.field` (the field may contain dots, e.g. `$item.os.name`),
 * `$target.Property`, a text containing `$target.X` references, or a literal.
 */
export function evaluateProperty(expression: Scalar, item: Readonly<Record<string, Scalar>>, target: WorkflowTarget): Scalar | undefined {
  if (typeof expression !== 'string') return expression;
  if (expression.startsWith('$item.')) return item[expression.slice('$item.'.length)];
  const whole = /^\$target\.([A-Za-z0-9_]+)$/.exec(expression);
  if (whole?.[1] !== undefined) return target.properties[whole[1]];
  return substituteTarget(expression, target);
}

/** `Vigil.Core.Computer:web01` -> `web01`: an object key without its class prefix. */
export function keyWithoutClass(objectKey: string): string {
  const colon = objectKey.indexOf(':');
  return colon < 0 ? objectKey : objectKey.slice(colon + 1);
}

/**
 * The key of a discovered instance (docs/agent-workflows.md): `<class>:<target key without
 * class>/<key property values joined by '/'>`; a discovery of the target's own class keeps the
 * target's key.
 */
export function instanceKey(classId: string, target: WorkflowTarget, keyValues: readonly Scalar[]): string {
  if (classId === target.classId) return target.key;
  return `${classId}:${keyWithoutClass(target.key)}/${keyValues.map((v) => String(v ?? '')).join('/')}`;
}
