import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counterDelta } from '../../src/collectors/counter-rates.ts';

test('counterDelta handles growth, 32-bit and 64-bit wraps, and treats resets as unknown', () => {
  assert.equal(counterDelta(10n, 25n), 15n);
  assert.equal(counterDelta(2n ** 32n - 10n, 5n), 15n);
  assert.equal(counterDelta(2n ** 64n - 10n, 5n), 15n);
  assert.equal(counterDelta(1000n, 10n), undefined);
  assert.equal(counterDelta(2n ** 40n, 10n), undefined);
});
