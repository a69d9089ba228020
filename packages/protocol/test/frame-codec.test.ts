import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLIENT_MESSAGE_SCHEMAS,
  MAX_BATCH_ITEMS,
  MAX_FRAME_BYTES,
  SERVER_MESSAGE_SCHEMAS,
  decodeFrame,
  encodeFrame,
  utf8ByteLength,
} from '../src/index.ts';
import { AGENT_ID, BATCH, CLIENT_MESSAGES, GATEWAY_ID, ITEMS, SERVER_MESSAGES } from './fixtures.ts';

function invalid(raw: string | Uint8Array, direction: 'to-server' | 'to-client' = 'to-server'): { code: string; message: string } {
  const result = decodeFrame(raw, direction);
  assert.equal(result.kind, 'invalid', `expected invalid: ${String(raw).slice(0, 200)}`);
  return result.kind === 'invalid' ? result : { code: '', message: '' };
}

describe('frame codec round trips', () => {
  it('fixtures cover every message kind of both directions and every item kind', () => {
    assert.deepEqual(new Set(CLIENT_MESSAGES.map((m) => m.kind)), new Set(Object.keys(CLIENT_MESSAGE_SCHEMAS)));
    assert.deepEqual(new Set(SERVER_MESSAGES.map((m) => m.kind)), new Set(Object.keys(SERVER_MESSAGE_SCHEMAS)));
    assert.deepEqual(new Set(ITEMS.map((i) => i.kind)), new Set(['perf', 'event', 'state-change', 'alert', 'discovery', 'agent-health']));
  });

  for (const message of CLIENT_MESSAGES) {
    it(`client ${message.kind} survives encode/decode (string and bytes)`, () => {
      const frame = encodeFrame(message);
      assert.deepEqual(decodeFrame(frame, 'to-server'), { kind: 'ok', message });
      assert.deepEqual(decodeFrame(new TextEncoder().encode(frame), 'to-server'), { kind: 'ok', message });
    });
  }
  for (const message of SERVER_MESSAGES) {
    it(`server ${message.kind}${'status' in message ? `/${message.status}` : ''} survives encode/decode`, () => {
      assert.deepEqual(decodeFrame(encodeFrame(message), 'to-client'), { kind: 'ok', message });
    });
  }

  it('refuses a message travelling the wrong way', () => {
    const r = invalid(encodeFrame({ kind: 'ack', sourceId: AGENT_ID, seq: 1 }), 'to-server');
    assert.equal(r.code, 'schema');
    assert.match(r.message, /^\/kind: unknown kind "ack"/);
    assert.equal(invalid(encodeFrame(CLIENT_MESSAGES[0]!), 'to-client').code, 'schema');
  });
});

describe('frame codec errors name the path and the problem', () => {
  it('a bad item deep in a batch', () => {
    const items = [...ITEMS, { ...ITEMS[0], value: 'high' }];
    assert.equal(invalid(JSON.stringify({ ...BATCH, items })).message, `/items/${ITEMS.length}/value: must be number.`);
  });
  it('an unknown item kind', () => {
    assert.match(invalid(JSON.stringify({ ...BATCH, items: [{ kind: 'metric' }] })).message, /^\/items\/0\/kind: unknown kind "metric" for a batch item/);
  });
  it('an unknown property', () => {
    assert.match(invalid(JSON.stringify({ kind: 'heartbeat', timestampMs: 1, sendQueueBytes: 0, extra: 1 })).message, /^\/: unknown property "extra"/);
  });
  it('a missing property of one enroll-result variant', () => {
    assert.equal(invalid('{"kind":"enroll-result","status":"approved","certPem":"x"}', 'to-client').message, '/: missing required property caCertPem.');
  });
  it('inside a relayed message', () => {
    const relay = { kind: 'relay', viaGatewayId: GATEWAY_ID, agentId: AGENT_ID, message: { kind: 'heartbeat', timestampMs: -1, sendQueueBytes: 0 } };
    assert.match(invalid(JSON.stringify(relay)).message, /^\/message\/timestampMs: must be >= 0/);
  });
  it('a relayed batch must carry the relaying agent id', () => {
    const relay = { kind: 'relay', viaGatewayId: GATEWAY_ID, agentId: GATEWAY_ID, message: BATCH };
    assert.match(invalid(JSON.stringify(relay)).message, /^\/message\/sourceId: a relayed batch must carry the agent's own sourceId/);
  });
  it('a relay refusal names a known reason and travels only to the client', () => {
    const refusal = { kind: 'relay-refused', agentId: AGENT_ID, seq: 3, code: 'because', message: 'no' };
    assert.equal(invalid(JSON.stringify(refusal), 'to-client').code, 'schema');
    assert.match(invalid(JSON.stringify({ ...refusal, code: 'not-routed' }), 'to-server').message, /^\/kind: unknown kind "relay-refused"/);
  });
  it('batch limits: empty, too many items, non-integer or zero seq, bad source id', () => {
    assert.match(invalid(JSON.stringify({ ...BATCH, items: [] })).message, /^\/items: /);
    const many = Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ITEMS[0]);
    assert.match(invalid(JSON.stringify({ ...BATCH, items: many })).message, /^\/items: /);
    assert.match(invalid(JSON.stringify({ ...BATCH, seq: 1.5 })).message, /^\/seq: /);
    assert.match(invalid(JSON.stringify({ ...BATCH, seq: 0 })).message, /^\/seq: /);
    assert.match(invalid(JSON.stringify({ ...BATCH, sourceId: 'agent-1' })).message, /^\/sourceId: /);
  });
  it('not JSON, not UTF-8, not an object', () => {
    assert.equal(invalid('{"kind":').code, 'not-json');
    assert.equal(invalid(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])).code, 'not-json');
    assert.equal(invalid('[1,2]').message, '/: expected a message object, got an array.');
    assert.equal(invalid('null').message, '/: expected a message object, got null.');
    assert.equal(invalid('{"kind":3}').message, '/kind: required string property is a number.');
  });
});

describe('frame size limit', () => {
  it('refuses an oversized frame before parsing it', () => {
    // Not JSON at all: only a size check that runs before JSON.parse can report too-large.
    const text = 'x'.repeat(MAX_FRAME_BYTES + 1);
    assert.equal(invalid(text).code, 'too-large');
    assert.equal(invalid(new Uint8Array(MAX_FRAME_BYTES + 1)).code, 'too-large');
  });
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    const threeByteChars = '€'.repeat(Math.floor(MAX_FRAME_BYTES / 3) + 1); // fewer units than the limit, more bytes
    assert.ok(threeByteChars.length < MAX_FRAME_BYTES);
    assert.equal(invalid(threeByteChars).code, 'too-large');
    assert.equal(utf8ByteLength('a€😀'), new TextEncoder().encode('a€😀').byteLength);
    assert.equal(utf8ByteLength('\ud800x'), new TextEncoder().encode('\ud800x').byteLength);
  });
  it('accepts a frame just under the limit', () => {
    const pad = 'p'.repeat(MAX_FRAME_BYTES - 200);
    const frame = encodeFrame({ kind: 'task-result', taskId: '0190a0b0-0000-7000-8000-000000000003', status: 'failed', output: '' }).replace('"output":""', `"output":"${pad.slice(0, 1024 * 1024)}"`);
    assert.equal(decodeFrame(frame, 'to-server').kind, 'ok');
  });
});
