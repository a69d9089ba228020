// The bytes a pack seal signs. They depend only on the pack's content, not on how the YAML is
// written: comments, key order, quoting and indentation do not change them, so re-exporting a
// sealed pack keeps its seal, while any change to a value breaks it.
import type { PackDocument } from '../schema/pack.schema.ts';

/** Versioned domain tag: a signature over pack content can never pass for another kind of signature. */
const DOMAIN = 'vigil-management-pack-seal/v1\n';

/** The seal block itself is excluded; everything else, including `pack.sealed`, is covered. */
export function canonicalPackBytes(document: PackDocument): Buffer {
  const { seal: _seal, ...content } = document;
  return Buffer.from(DOMAIN + canonicalJson(content), 'utf8');
}

/** JSON with object keys sorted by code point and no whitespace; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Pack values must be finite numbers.');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}
