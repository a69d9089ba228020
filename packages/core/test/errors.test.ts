import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VigilError, toVigilError, isVigilError, ERROR_CATALOGUE } from '@vigil/core';

test('a VigilError fills its message from details and carries code and status', () => {
  const error = new VigilError('PORT_IN_USE', { port: 5724, host: '127.0.0.1', flag: '--api-port' });
  assert.equal(error.code, 'PORT_IN_USE');
  assert.equal(error.status, 500);
  assert.equal(error.message, 'Port 5724 on 127.0.0.1 is already in use. Stop the other process or choose another port with --api-port.');
  assert.deepEqual(JSON.parse(JSON.stringify(error)).code, 'PORT_IN_USE');
});

test('unknown throws normalise to INTERNAL and keep the cause', () => {
  const cause = new TypeError('boom');
  const error = toVigilError(cause);
  assert.equal(error.code, 'INTERNAL');
  assert.equal(error.cause, cause);
  assert.match(error.message, /boom/);
  const known = new VigilError('NOT_FOUND', { what: 'Agent', id: 'x' });
  assert.equal(toVigilError(known), known);
  assert.ok(isVigilError(known, 'NOT_FOUND'));
  assert.ok(!isVigilError(known, 'CONFLICT'));
});

test('every catalogue message is a sentence with an HTTP status', () => {
  for (const [code, definition] of Object.entries(ERROR_CATALOGUE)) {
    assert.match(code, /^[A-Z_]+$/);
    assert.ok(definition.status >= 400 && definition.status < 600, code);
    assert.ok(definition.message.length > 3, code);
  }
});
