import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, systemClock } from '@vigil/core';

test('FakeClock fires timers in due order as time advances', async () => {
  const clock = new FakeClock(1000);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push('b'), 200);
  clock.setTimeout(() => fired.push('a'), 100);
  const cancelled = clock.setTimeout(() => fired.push('never'), 150);
  cancelled.cancel();
  await clock.advance(150);
  assert.deepEqual(fired, ['a']);
  assert.equal(clock.nowMs(), 1150);
  await clock.advance(100);
  assert.deepEqual(fired, ['a', 'b']);
});

test('FakeClock sleep resolves on advance and rejects on abort', async () => {
  const clock = new FakeClock();
  let done = false;
  const sleeping = clock.sleep(500).then(() => (done = true));
  await clock.advance(499);
  assert.equal(done, false);
  await clock.advance(1);
  await sleeping;
  assert.equal(done, true);
  const controller = new AbortController();
  const aborted = clock.sleep(100, controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(aborted, /stop/);
});

test('systemClock sleeps for real and can be aborted', async () => {
  const start = systemClock.monotonicMs();
  await systemClock.sleep(20);
  assert.ok(systemClock.monotonicMs() - start >= 15);
  const controller = new AbortController();
  const sleeping = systemClock.sleep(10_000, controller.signal);
  controller.abort(new Error('cancelled'));
  await assert.rejects(sleeping, /cancelled/);
});
