// The relay spool's contract: pairs kept as the producer numbered them, a pair held twice is a
// duplicate, deletion only by acknowledge, the quota refuses (and counts) instead of losing, own
// batches are numbered above the MS's mark, and everything survives reopening the file.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@vigil/core';
import type { Item } from '@vigil/protocol';
import { openRelaySpool, REFUSED_RETENTION, type RelaySpool } from '../../src/spool/relay-spool.ts';

const AGENT = '01a1fba3-0000-7000-8000-000000000001';
const GATEWAY = '01a1fba3-0000-7000-8000-0000000000ff';
const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ kind: 'perf', objectKey: 'agent/x', counter: 'test.seq', value: i, timestampMs: 1 }));

describe('relay spool', () => {
  let dir: string;
  let spool: RelaySpool;
  let clock: FakeClock;
  const open = (quotaBytes = 1024 * 1024): RelaySpool => openRelaySpool({ path: join(dir, 'relay.sqlite'), quotaBytes, clock });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'relay-spool-'));
    clock = new FakeClock();
    spool = open();
  });
  afterEach(() => {
    spool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the producer pair, recognises duplicates, deletes only on acknowledge', () => {
    assert.equal(spool.store(AGENT, 7, items(3)), 'stored');
    assert.equal(spool.store(AGENT, 7, items(3)), 'duplicate');
    assert.equal(spool.store(AGENT, 9, items(1)), 'stored');
    assert.deepEqual(spool.next(0, 10).map((b) => [b.sourceId, b.seq, b.items.length]), [[AGENT, 7, 3], [AGENT, 9, 1]]);
    assert.equal(spool.acknowledge(AGENT, 7), true);
    assert.equal(spool.acknowledge(AGENT, 7), false);
    assert.deepEqual(spool.next(0, 10).map((b) => b.seq), [9]);
    assert.equal(spool.stats().pendingBatches, 1);
  });

  it('never reuses a row id, so "rows after the last sent" never skips a new batch', () => {
    spool.store(AGENT, 1, items(1));
    const [first] = spool.next(0, 1);
    spool.acknowledge(AGENT, 1);
    spool.store(AGENT, 2, items(1));
    assert.deepEqual(spool.next(first!.rowId, 1).map((b) => b.seq), [2]);
  });

  it('refuses a batch over the quota (counted) instead of dropping it, and drops own health items counted', () => {
    spool.close();
    spool = open(2000);
    assert.equal(spool.store(AGENT, 1, items(10)), 'stored');
    assert.equal(spool.store(AGENT, 2, items(20)), 'full');
    assert.equal(spool.storeOwn(GATEWAY, items(20)), false);
    const stats = spool.stats();
    assert.equal(stats.refusedFull, 1);
    assert.deepEqual([stats.droppedItems, stats.droppedBatches], [20, 1]);
    spool.acknowledge(AGENT, 1);
    assert.equal(spool.store(AGENT, 2, items(20)), 'stored');
  });

  it('numbers own batches above the MS mark and forgets those the MS committed', () => {
    spool.storeOwn(GATEWAY, items(1));
    spool.storeOwn(GATEWAY, items(1));
    spool.resumeOwn(GATEWAY, 1);
    assert.deepEqual(spool.next(0, 10).map((b) => b.seq), [2]);
    spool.resumeOwn(GATEWAY, 50);
    spool.storeOwn(GATEWAY, items(1));
    assert.deepEqual(spool.next(0, 10).map((b) => b.seq), [51]);
  });

  it('keeps a batch the MS refused until it was refused often enough for long enough, then drops it counted', async () => {
    spool.store(AGENT, 1, items(3));
    spool.store(AGENT, 2, items(1));
    for (let i = 1; i < REFUSED_RETENTION.refusals + 5; i++) assert.deepEqual(spool.setAside(AGENT, 1, 'not-routed'), { kind: 'held', refusals: i });
    assert.equal(spool.setAside(AGENT, 2, 'not-routed').kind, 'held');
    assert.equal(spool.setAside(AGENT, 9, 'not-routed').kind, 'unknown');
    spool.close();
    spool = open();
    assert.deepEqual([spool.stats().refusedHeldBatches, spool.stats().refusedByServer], [2, REFUSED_RETENTION.refusals + 5]);
    await clock.advance(REFUSED_RETENTION.ageMs);
    const dropped = spool.setAside(AGENT, 1, 'not-routed');
    assert.deepEqual({ ...dropped, firstRefusedMs: undefined }, { kind: 'dropped', refusals: REFUSED_RETENTION.refusals + 5, items: 3, firstRefusedMs: undefined });
    assert.equal(spool.setAside(AGENT, 2, 'not-routed').kind, 'held', 'too few refusals, however old');
    assert.equal(spool.acknowledge(AGENT, 2), true, 'an ack deletes a set-aside batch');
    const stats = spool.stats();
    assert.deepEqual(
      [stats.pendingBatches, stats.pendingBytes, stats.refusedHeldBatches, stats.refusedDroppedBatches, stats.refusedDroppedItems],
      [0, 0, 0, 1, 3],
    );
  });

  it('survives reopening: rows, counters and cached agents', () => {
    spool.store(AGENT, 3, items(2));
    spool.cacheAgent('web01', { agentId: AGENT, certificateSerial: 'ab', welcome: { kind: 'welcome', protocolVersion: 1, managementServerName: 'ms1', groupName: 'g', agentId: AGENT, heartbeatIntervalSeconds: 60, failoverServers: [], committedSeq: 2 } });
    spool.setText('gatewayId', GATEWAY);
    spool.close();
    spool = open();
    assert.deepEqual(spool.next(0, 10).map((b) => b.seq), [3]);
    assert.equal(spool.stats().pendingBatches, 1);
    assert.equal(spool.cachedAgent('web01')?.welcome.committedSeq, 2);
    assert.equal(spool.getText('gatewayId'), GATEWAY);
  });
});
