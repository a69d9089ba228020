// Fuzzing decodeFrame: whatever arrives, it returns a value (never throws) with the right code,
// and anything it accepts is a valid message that re-encodes to the same thing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FRAME_BYTES, decodeFrame, encodeFrame, type DecodeResult, type LinkMessage } from '../src/index.ts';
import { BATCH, CLIENT_MESSAGES, SERVER_MESSAGES } from './fixtures.ts';

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Direction = 'to-server' | 'to-client';

function decodeSafely(raw: string | Uint8Array, direction: Direction): DecodeResult<LinkMessage> {
  let result: DecodeResult<LinkMessage> | undefined;
  assert.doesNotThrow(() => {
    result = decodeFrame(raw, direction);
  });
  assert.ok(result !== undefined);
  if (result.kind === 'ok') {
    // Whatever is accepted must be stable under re-encoding.
    assert.deepEqual(decodeFrame(encodeFrame(result.message), direction), result);
  } else {
    assert.ok(['too-large', 'not-json', 'schema'].includes(result.code));
    assert.ok(result.message.length > 0 && result.message.length < 2000, 'error message is short and present');
  }
  return result;
}

const ODD_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, '', 'x', 'x'.repeat(20_000), [], {}, [null], { kind: 'batch' },
  '__proto__', { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
];

function mutate(value: unknown, random: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  if (Array.isArray(value)) {
    const copy = value.map((v) => (random() < 0.3 ? mutate(v, random, depth + 1) : v));
    if (random() < 0.1) copy.push(pick(ODD_VALUES));
    if (random() < 0.1) copy.splice(Math.floor(random() * copy.length), 1);
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, random() < 0.3 ? mutate(v, random, depth + 1) : v] as [string, unknown]);
    const r = random();
    if (r < 0.1 && entries.length > 0) entries.splice(Math.floor(random() * entries.length), 1);
    else if (r < 0.2) entries.push([pick(['__proto__', 'constructor', 'prototype', 'extra', 'kind']), pick(ODD_VALUES)]);
    return Object.fromEntries(entries);
  }
  return random() < 0.7 ? pick(ODD_VALUES) : value;
}

describe('decodeFrame fuzz', () => {
  it('random bytes never throw and are rejected as not-json or schema', () => {
    const random = prng(1);
    for (let i = 0; i < 3000; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 200));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      const result = decodeSafely(bytes, random() < 0.5 ? 'to-server' : 'to-client');
      assert.equal(result.kind, 'invalid');
      decodeSafely(String.fromCharCode(...bytes), 'to-server');
    }
  });

  it('random JSON values are rejected as schema', () => {
    const random = prng(2);
    const randomJson = (depth: number): unknown => {
      const r = random();
      if (depth > 4 || r < 0.4) return ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
      if (r < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, (_, i) => [i === 0 && random() < 0.5 ? 'kind' : `k${i}`, randomJson(depth + 1)]));
    };
    for (let i = 0; i < 3000; i++) {
      const result = decodeSafely(JSON.stringify(randomJson(0)) ?? 'undefined', 'to-server');
      if (result.kind === 'invalid') assert.ok(result.code === 'schema' || result.code === 'not-json');
      else assert.fail(`random JSON accepted: ${JSON.stringify(result.message)}`);
    }
  });

  it('mutated valid messages never throw; accepted ones are valid', () => {
    const random = prng(3);
    const corpus: [unknown, Direction][] = [
      ...CLIENT_MESSAGES.map((m): [unknown, Direction] => [m, 'to-server']),
      ...SERVER_MESSAGES.map((m): [unknown, Direction] => [m, 'to-client']),
    ];
    let rejected = 0;
    for (let i = 0; i < 10_000; i++) {
      const [message, direction] = corpus[i % corpus.length]!;
      const result = decodeSafely(JSON.stringify(mutate(message, random)), direction);
      if (result.kind === 'invalid') {
        assert.equal(result.code, 'schema');
        assert.match(result.message, /^\/\S*: /, 'message starts with a JSON path');
        rejected++;
      }
    }
    assert.ok(rejected > 2_500, `most mutations are rejected (${rejected})`);
  });

  it('prototype-pollution keys are refused and pollute nothing', () => {
    const frames = [
      '{"kind":"heartbeat","timestampMs":1,"sendQueueBytes":0,"__proto__":{"polluted":true}}',
      JSON.stringify({ ...BATCH, items: [{ ...BATCH.items[1], data: { a: 1 } }] }).replace('"a":1', '"__proto__":{"polluted":true}'),
      JSON.stringify({ ...BATCH, items: [{ ...BATCH.items[1], data: { a: 1 } }] }).replace('"a":1', '"constructor":1'),
      JSON.stringify({ ...BATCH, items: [{ ...BATCH.items[2], context: { prototype: 1 } }] }),
    ];
    for (const frame of frames) assert.equal(decodeSafely(frame, 'to-server').kind, 'invalid', frame);
    const config = { ...SERVER_MESSAGES.find((m) => m.kind === 'config')!, workflows: [] as unknown[] };
    const workflow = { workflowId: 'w', kind: 'rule', typeId: 't', targetKey: 'k', enabled: true, configuration: { nested: [{ a: 1 }] } };
    const evil = JSON.stringify({ ...config, workflows: [workflow] }).replace('"a":1', '"__proto__":{"polluted":true}');
    assert.equal(decodeSafely(evil, 'to-client').kind, 'invalid');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('deep nesting is refused without a stack overflow', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    assert.notEqual(decodeSafely(deep, 'to-server').kind, 'ok');
    const deepObject = '{"kind":"heartbeat","timestampMs":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + ',"sendQueueBytes":0}';
    assert.notEqual(decodeSafely(deepObject, 'to-server').kind, 'ok');
    let configuration: unknown = 1;
    for (let i = 0; i < 10; i++) configuration = { level: configuration };
    const workflow = { workflowId: 'w', kind: 'rule', typeId: 't', targetKey: 'k', enabled: true, configuration };
    const result = decodeSafely(JSON.stringify({ kind: 'config', version: 'v', workflows: [workflow] }), 'to-client');
    assert.equal(result.kind === 'invalid' && result.code, 'schema');
  });

  it('huge strings: over a field limit is schema, over the frame limit is too-large', () => {
    const longMessage = { kind: 'error', code: 'internal', message: 'm'.repeat(100_000), fatal: false };
    const result = decodeSafely(JSON.stringify(longMessage), 'to-server');
    assert.ok(result.kind === 'invalid' && result.code === 'schema' && result.message.startsWith('/message: '));
    const huge = { ...longMessage, message: 'm'.repeat(MAX_FRAME_BYTES) };
    const tooLarge = decodeSafely(JSON.stringify(huge), 'to-server');
    assert.equal(tooLarge.kind === 'invalid' && tooLarge.code, 'too-large');
  });
});
