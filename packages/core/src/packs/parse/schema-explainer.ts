// Turns "this value does not match the pack schema" into a short list of problems a person can
// fix. Generic JSON Schema error lists are noisy for unions (every branch reports its own errors);
// this walker follows only the branch the author evidently meant: the one whose discriminant
// (`kind: unit`) matches, or else the one whose fields are present. It understands exactly the
// keywords the pack schema uses; the compiled TypeBox check stays the authority on validity.
import type { PackPath } from './pack-diagnostic.ts';
import type { PathAnchor } from './yaml-source.ts';

export interface SchemaProblem {
  readonly path: PackPath;
  readonly anchor: PathAnchor;
  readonly message: string;
}

type JsonSchema = Readonly<Record<string, unknown>>;

export function explainSchemaProblems(schema: JsonSchema, value: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  explain(schema, value, [], problems);
  return problems;
}

function explain(schema: JsonSchema, value: unknown, path: PackPath, out: SchemaProblem[]): void {
  const at = (message: string, anchor: PathAnchor = 'value'): void => {
    out.push({ path, anchor, message: `${describePath(path)} ${message}` });
  };
  if (Array.isArray(schema['anyOf'])) return explainUnion(schema['anyOf'] as JsonSchema[], value, path, out);
  if ('const' in schema && value !== schema['const']) return at(`must be ${JSON.stringify(schema['const'])}, got ${show(value)}.`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) {
    return at(`must be one of ${schema['enum'].join(', ')}; got ${show(value)}.${suggest(value, schema['enum'] as unknown[])}`);
  }
  switch (schema['type']) {
    case 'object':
      return explainObject(schema, value, path, out);
    case 'array':
      if (!Array.isArray(value)) return at(`must be a list (items starting with "- "), got ${show(value)}.`);
      if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) at(`must have at least ${schema['minItems']} item(s).`);
      value.forEach((item, index) => explain(schema['items'] as JsonSchema, item, [...path, index], out));
      return;
    case 'string':
      if (typeof value !== 'string') return at(`must be ${expected(schema, 'a text')}, got ${show(value)}.`);
      if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) return at(`must be ${expected(schema, 'a non-empty text')}.`);
      if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) {
        return at(`must be ${expected(schema, `text matching ${schema['pattern']}`)}, got ${show(value)}.`);
      }
      return;
    case 'integer':
    case 'number':
      return explainNumber(schema, value, at);
    case 'boolean':
      if (typeof value !== 'boolean') return at(`must be true or false, got ${show(value)}.`);
      return;
    default:
      return; // `{}` (Type.Unknown): anything goes.
  }
}

function explainObject(schema: JsonSchema, value: unknown, path: PackPath, out: SchemaProblem[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ path, anchor: 'value', message: `${describePath(path)} must be a mapping of "key: value" lines, got ${show(value)}.` });
    return;
  }
  const record = value as Record<string, unknown>;
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const patterns = (schema['patternProperties'] ?? {}) as Record<string, JsonSchema>;
  for (const name of (schema['required'] ?? []) as string[]) {
    if (!(name in record)) {
      out.push({ path, anchor: 'value', message: `${describePath(path)} is missing the required field "${name}".` });
    }
  }
  for (const [key, child] of Object.entries(record)) {
    const declared = properties[key];
    if (declared !== undefined) {
      explain(declared, child, [...path, key], out);
      continue;
    }
    const matching = Object.entries(patterns).filter(([pattern]) => new RegExp(pattern, 'u').test(key));
    if (matching.length > 0) {
      for (const [, patternSchema] of matching) explain(patternSchema, child, [...path, key], out);
    } else if (typeof schema['additionalProperties'] === 'object') {
      explain(schema['additionalProperties'] as JsonSchema, child, [...path, key], out);
    } else if (schema['additionalProperties'] === false) {
      const allowed = Object.keys(properties);
      out.push({
        path: [...path, key],
        anchor: 'key',
        message: `${describePath(path)} has an unknown field "${key}".${suggest(key, allowed)} Allowed fields: ${allowed.join(', ')}.`,
      });
    }
  }
}

function explainNumber(schema: JsonSchema, value: unknown, at: (message: string) => void): void {
  const integer = schema['type'] === 'integer';
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    return at(`must be ${expected(schema, integer ? 'a whole number' : 'a number')}, got ${show(value)}.`);
  }
  const min = schema['minimum'];
  const max = schema['maximum'];
  const exclusiveMin = schema['exclusiveMinimum'];
  if ((typeof min === 'number' && value < min) || (typeof max === 'number' && value > max) || (typeof exclusiveMin === 'number' && value <= exclusiveMin)) {
    const range = [typeof min === 'number' ? `>= ${min}` : '', typeof exclusiveMin === 'number' ? `> ${exclusiveMin}` : '', typeof max === 'number' ? `<= ${max}` : '']
      .filter((part) => part !== '')
      .join(' and ');
    at(`must be ${expected(schema, `a number ${range}`)}, got ${value}.`);
  }
}

function explainUnion(variants: readonly JsonSchema[], value: unknown, path: PackPath, out: SchemaProblem[]): void {
  if (variants.some((variant) => explainSchemaProblems(variant, value).length === 0)) return;
  const literals = variants.every((variant) => 'const' in variant);
  if (literals) {
    const allowed = variants.map((variant) => variant['const']);
    out.push({ path, anchor: 'value', message: `${describePath(path)} must be one of ${allowed.join(', ')}; got ${show(value)}.${suggest(value, allowed)}` });
    return;
  }
  const objects = variants.filter((variant) => variant['type'] === 'object');
  const isRecord = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isRecord || objects.length === 0) {
    const shaped = variants.find((variant) => typeMatches(variant, value));
    if (shaped !== undefined) return explain(shaped, value, path, out);
    const kinds = [...new Set(variants.map((variant) => String(variant['type'] ?? 'value')))];
    out.push({ path, anchor: 'value', message: `${describePath(path)} must be ${kinds.map(article).join(' or ')}, got ${show(value)}.` });
    return;
  }
  const record = value as Record<string, unknown>;
  const discriminant = discriminantOf(objects);
  if (discriminant !== undefined) {
    const allowed = objects.map((variant) => propertiesOf(variant)[discriminant]?.['const']);
    // A variant whose discriminant is optional (a monitor source without `kind` is a counter) is meant when it is absent.
    const chosen = objects.find((variant) => propertiesOf(variant)[discriminant]?.['const'] === record[discriminant]) ??
      (discriminant in record ? undefined : objects.find((variant) => !((variant['required'] ?? []) as string[]).includes(discriminant)));
    if (chosen !== undefined) return explain(chosen, value, path, out);
    const where = discriminant in record ? [...path, discriminant] : path;
    out.push({
      path: where,
      anchor: 'value',
      message: `${describePath(path)} needs "${discriminant}" set to one of ${allowed.join(', ')}; got ${show(record[discriminant])}.${suggest(record[discriminant], allowed)}`,
    });
    return;
  }
  // No discriminant (e.g. an override context): the branch sharing the most fields was meant.
  const scored = objects.map((variant) => ({ variant, score: Object.keys(record).filter((key) => key in propertiesOf(variant)).length }));
  const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score === 0) {
    const options = objects.map((variant) => ((variant['required'] ?? []) as string[]).join(' + '));
    out.push({ path, anchor: 'value', message: `${describePath(path)} must have exactly one of the fields ${options.join(', ')}.` });
    return;
  }
  explain(best.variant, value, path, out);
}

function discriminantOf(variants: readonly JsonSchema[]): string | undefined {
  const first = propertiesOf(variants[0] ?? {});
  return Object.keys(first).find((name) => variants.every((variant) => 'const' in (propertiesOf(variant)[name] ?? {})));
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema['properties'] ?? {}) as Record<string, JsonSchema>;
}

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  switch (schema['type']) {
    case 'string':
      return typeof value === 'string';
    case 'number':
    case 'integer':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    default:
      return false;
  }
}

function describePath(path: PackPath): string {
  if (path.length === 0) return 'The pack';
  return `"${path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${segment}`)).join('')}"`;
}

function expected(schema: JsonSchema, fallback: string): string {
  return typeof schema['expected'] === 'string' ? schema['expected'] : fallback;
}

function article(type: string): string {
  return type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : type === 'integer' ? 'a whole number' : `a ${type}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

/** " Did you mean X?" when a close spelling exists (edit distance <= 2), else "". */
export function suggest(value: unknown, options: readonly unknown[]): string {
  if (typeof value !== 'string') return '';
  const candidates = options.filter((option): option is string => typeof option === 'string');
  const close = candidates.find((option) => editDistance(option.toLowerCase(), value.toLowerCase()) <= 2);
  return close === undefined ? '' : ` Did you mean "${close}"?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
