// Turns a setting's schema into the "Allowed: ..." part of a configuration error, so the
// message says what would work instead of quoting a schema keyword.
import type { TSchema } from 'typebox';

interface SchemaLike {
  readonly description?: string;
  readonly type?: string;
  readonly const?: unknown;
  readonly anyOf?: readonly SchemaLike[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly pattern?: string;
}

export function describeAllowed(schema: TSchema): string {
  const s = schema as SchemaLike;
  if (s.description) return s.description;
  if (s.anyOf && s.anyOf.every((member) => member.const !== undefined)) return s.anyOf.map((m) => String(m.const)).join(' | ');
  if (s.type === 'integer' || s.type === 'number') {
    const kind = s.type === 'integer' ? 'an integer' : 'a number';
    if (s.minimum !== undefined && s.maximum !== undefined) return `${kind} from ${s.minimum} to ${s.maximum}`;
    if (s.minimum !== undefined) return `${kind} of at least ${s.minimum}`;
    return kind;
  }
  if (s.type === 'boolean') return 'true | false';
  if (s.type === 'string') return s.minLength ? 'non-empty text' : 'text';
  return 'see the documentation';
}
