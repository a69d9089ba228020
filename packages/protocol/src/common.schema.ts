// Building blocks shared by every message schema. Every string has a maxLength and every array
// a maxItems (see limits.ts), every object refuses unknown properties, and free-form maps refuse
// the keys `__proto__`, `constructor` and `prototype`, so a decoded message is safe to spread,
// merge or index into without prototype pollution.
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_JSON_DEPTH, MAX_KEY_LENGTH, MAX_MAP_ENTRIES, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from './limits.ts';

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The TypeScript type of a wire schema: inferred from it (never written twice), deeply readonly. */
export type Wire<S extends TSchema> = DeepReadonly<Static<S>>;

/** Objects on the wire are closed: an unknown property is a schema error, not silently ignored. */
export const CLOSED = { additionalProperties: false } as const;

/** Same form as core's ids (lowercase UUID); checked here so a malformed id never enters. */
export const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
export const Name = Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH });
export const ObjectKey = Type.String({ minLength: 1, maxLength: MAX_KEY_LENGTH });
export const Text = Type.String({ maxLength: MAX_TEXT_LENGTH });
/** Epoch milliseconds. */
export const TimestampMs = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A batch sequence number; the first batch of a source is 1, so 0 means "nothing yet". */
export const Seq = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const SeqOrZero = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const NonNegativeInteger = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const Port = Type.Integer({ minimum: 1, maximum: 65_535 });
export const HostName = Type.String({ minLength: 1, maxLength: 253 });

/** Keys of free-form maps: 1–128 characters, never a key that reaches Object.prototype. */
export const SafeKey = Type.String({ pattern: '^(?!(?:__proto__|constructor|prototype)$)[\\s\\S]{1,128}$' });

const Scalar = Type.Union([Type.String({ maxLength: MAX_TEXT_LENGTH }), Type.Number(), Type.Boolean(), Type.Null()]);

/** A flat map of scalars: discovery properties, event data, task parameters. */
export const ScalarMap = Type.Record(SafeKey, Scalar, { ...CLOSED, maxProperties: MAX_MAP_ENTRIES });

function boundedJson(depth: number): TSchema {
  if (depth === 0) return Scalar;
  const inner = boundedJson(depth - 1);
  return Type.Union([
    Scalar,
    Type.Array(inner, { maxItems: MAX_MAP_ENTRIES }),
    Type.Record(SafeKey, inner, { ...CLOSED, maxProperties: MAX_MAP_ENTRIES }),
  ]);
}

/**
 * Free-form JSON at most MAX_JSON_DEPTH levels deep, with safe keys and bounded sizes. Typed as
 * `unknown` for TypeScript (its consumers validate it against their own plugin's schema).
 */
export const BoundedJson = Type.Unsafe<unknown>(boundedJson(MAX_JSON_DEPTH));

export type ScalarMapValue = Static<typeof ScalarMap>;
