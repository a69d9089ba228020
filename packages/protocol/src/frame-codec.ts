// Turning frames into messages and back. decodeFrame is the only way a received frame becomes a
// message: it checks the size before parsing, parses, validates against the direction's schema
// with compiled validators, and reports any problem as a value that names the path and the fault.
import { Compile, type Validator } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { EnrollResultSchema } from './enrollment.schema.ts';
import { ITEM_SCHEMAS } from './item.schema.ts';
import { MAX_BATCH_ITEMS, MAX_FRAME_BYTES } from './limits.ts';
import {
  CLIENT_MESSAGE_SCHEMAS,
  SERVER_MESSAGE_SCHEMAS,
  type ClientMessage,
  type Direction,
  type LinkMessage,
  type ServerMessage,
} from './link-message.schema.ts';
import { DELIVERABLE_SCHEMAS, RELAYABLE_SCHEMAS } from './relay.schema.ts';

export type DecodeResult<M> =
  | { readonly kind: 'ok'; readonly message: M }
  | {
      readonly kind: 'invalid';
      /** too-large: over MAX_FRAME_BYTES (not parsed); not-json: not UTF-8 JSON; schema: not a valid message. */
      readonly code: 'too-large' | 'not-json' | 'schema';
      /** One sentence naming the JSON path (e.g. `/items/3/value`) and the problem. */
      readonly message: string;
    };

/** The validators of one family of messages, by `kind`. */
interface Table {
  get(kind: string): Validator | undefined;
  readonly kinds: readonly string[];
}

/**
 * A table of validators compiled on first use, each kind on its own first use: an agent decodes
 * only 'to-client' frames and a server only 'to-server' ones, and compiling a validator costs
 * memory (generated code) that a process should not hold for messages it never receives.
 */
function lazyTable(schemas: Readonly<Record<string, TSchema>>): Table {
  const compiled = new Map<string, Validator>();
  return {
    kinds: Object.keys(schemas),
    get(kind) {
      let validator = compiled.get(kind);
      if (validator === undefined && Object.hasOwn(schemas, kind)) {
        validator = Compile(schemas[kind]!);
        compiled.set(kind, validator);
      }
      return validator;
    },
  };
}

// Validation is a generated function call per frame, compiled once per kind.
const TABLES: Readonly<Record<Direction, Table>> = {
  'to-server': lazyTable(CLIENT_MESSAGE_SCHEMAS),
  'to-client': lazyTable(SERVER_MESSAGE_SCHEMAS),
};
const ITEMS = lazyTable(ITEM_SCHEMAS);
const RELAYABLE = lazyTable(RELAYABLE_SCHEMAS);
const DELIVERABLE = lazyTable(DELIVERABLE_SCHEMAS);
const ENROLL_RESULTS = lazyTable(
  Object.fromEntries(EnrollResultSchema.anyOf.map((variant) => [String(variant.properties.status.const), variant] as const)),
);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one frame travelling in `direction`. Never throws. The size is checked before any
 * parsing, so an oversized frame costs O(1) (bytes) or one bounded scan (string).
 */
export function decodeFrame(raw: string | Uint8Array, direction: 'to-server'): DecodeResult<ClientMessage>;
export function decodeFrame(raw: string | Uint8Array, direction: 'to-client'): DecodeResult<ServerMessage>;
export function decodeFrame(raw: string | Uint8Array, direction: Direction): DecodeResult<LinkMessage>;
export function decodeFrame(raw: string | Uint8Array, direction: Direction): DecodeResult<LinkMessage> {
  try {
    return decode(raw, direction);
  } catch (error) {
    // Defensive: nothing below is expected to throw, but a receiver must never crash on a frame.
    return invalid('schema', `/: frame could not be decoded (${String(error).slice(0, 200)}).`);
  }
}

function decode(raw: string | Uint8Array, direction: Direction): DecodeResult<LinkMessage> {
  let text: string;
  if (typeof raw === 'string') {
    // A UTF-16 unit is 1 to 3 UTF-8 bytes: count exactly only when the length alone cannot decide.
    if (raw.length > MAX_FRAME_BYTES) return tooLarge(`at least ${raw.length}`);
    if (raw.length * 3 > MAX_FRAME_BYTES) {
      const bytes = utf8ByteLength(raw);
      if (bytes > MAX_FRAME_BYTES) return tooLarge(String(bytes));
    }
    text = raw;
  } else {
    if (raw.byteLength > MAX_FRAME_BYTES) return tooLarge(String(raw.byteLength));
    try {
      text = utf8.decode(raw);
    } catch {
      return invalid('not-json', 'Frame is not valid UTF-8 text; frames are UTF-8 JSON.');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return invalid('not-json', `Frame is not valid JSON: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}.`);
  }
  const table = TABLES[direction];
  const kind = isRecord(value) ? value.kind : undefined;
  const validator = typeof kind === 'string' ? table.get(kind) : undefined;
  if (validator !== undefined && passes(validator, value)) {
    const problem = crossFieldProblem(value as LinkMessage);
    return problem === undefined ? { kind: 'ok', message: value as LinkMessage } : invalid('schema', problem);
  }
  return invalid('schema', explain(table, value, '', direction === 'to-server' ? 'a message to the server' : 'a message to the client') ?? '/: message does not match its schema.');
}

/** Rules a schema cannot state: a relayed batch must be the relaying agent's own. */
function crossFieldProblem(message: LinkMessage): string | undefined {
  if (message.kind === 'relay' && message.message.kind === 'batch' && message.message.sourceId !== message.agentId) {
    return `/message/sourceId: a relayed batch must carry the agent's own sourceId (${message.agentId}), got ${message.message.sourceId}.`;
  }
  return undefined;
}

/** Finds the most precise reason `value` is not a valid message of `table`; undefined if it is. */
function explain(table: Table, value: unknown, path: string, what: string): string | undefined {
  if (!isRecord(value)) return `${path || '/'}: expected a message object, got ${typeName(value)}.`;
  const kind = value.kind;
  if (typeof kind !== 'string') return `${path}/kind: required string property is ${kind === undefined ? 'missing' : typeName(kind)}.`;
  const validator = table.get(kind);
  if (validator === undefined) {
    return `${path}/kind: unknown kind ${JSON.stringify(kind.slice(0, 64))} for ${what}; expected one of ${table.kinds.join(', ')}.`;
  }
  if (passes(validator, value)) return undefined;
  // Nested unions produce vague "must match anyOf" errors; dispatch on their discriminator instead.
  if (kind === 'batch' && Array.isArray(value.items)) {
    if (value.items.length > MAX_BATCH_ITEMS) {
      return `${path}/items: ${value.items.length} items exceed the limit of ${MAX_BATCH_ITEMS} per batch.`;
    }
    for (let i = 0; i < value.items.length; i++) {
      const reason = explain(ITEMS, value.items[i], `${path}/items/${i}`, 'a batch item');
      if (reason !== undefined) return reason;
    }
    // The items are fine: find the batch-level fault without the (uncompiled) error walk over them.
    if (value.items.length > 1) return firstError(validator, { ...value, items: value.items.slice(0, 1) }, path);
  }
  if (kind === 'relay' || kind === 'deliver') {
    const inner = kind === 'relay' ? RELAYABLE : DELIVERABLE;
    const reason = explain(inner, value.message, `${path}/message`, `a ${kind}ed message`);
    if (reason !== undefined) return reason;
  }
  if (kind === 'enroll-result' && typeof value.status === 'string') {
    const variant = ENROLL_RESULTS.get(value.status);
    if (variant !== undefined) return firstError(variant, value, path);
  }
  return firstError(validator, value, path);
}

function firstError(validator: Validator, value: unknown, path: string): string {
  const errors = validator.Errors(value);
  const best = errors.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'boolean') ?? errors[0];
  if (best === undefined) return `${path || '/'}: does not match the schema.`;
  const at = `${path}${best.instancePath}` || '/';
  const params = best.params as Record<string, unknown>;
  if (best.keyword === 'additionalProperties' && Array.isArray(params.additionalProperties)) {
    const names = params.additionalProperties.map((n) => JSON.stringify(String(n).slice(0, 64))).join(', ');
    return `${at}: unknown property ${names} (messages are closed; check the protocol version).`;
  }
  if (best.keyword === 'required' && Array.isArray(params.requiredProperties)) {
    return `${at}: missing required property ${params.requiredProperties.map(String).join(', ')}.`;
  }
  return `${at}: ${best.message}.`;
}

/** Encodes a message as a text frame. Senders keep messages within the limits (see limits.ts). */
export function encodeFrame(message: LinkMessage): string {
  return JSON.stringify(message);
}

/** Exact UTF-8 length of `text` (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function tooLarge(bytes: string): DecodeResult<never> {
  return invalid('too-large', `Frame of ${bytes} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit; it was not parsed. Send smaller batches.`);
}

function invalid(code: 'too-large' | 'not-json' | 'schema', message: string): DecodeResult<never> {
  return { kind: 'invalid', code, message };
}

/** Check without its type-guard narrowing, which would leave `never` on the failing branch. */
function passes(validator: Validator, value: unknown): boolean {
  return validator.Check(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
