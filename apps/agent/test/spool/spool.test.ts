import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '@vigil/core';
import { MAX_FRAME_BYTES, type Item } from '@vigil/protocol';
import { DatabaseSync } from 'node:sqlite';
import { MAX_ITEM_BYTES, openSpool, type Spool } from '../../src/spool/spool.ts';
import { toAgentHealthItem } from '../../src/spool/spool-health.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function spoolFile(): string {
  return join(dir, `spool-${counter++}.db`);
}

function perf(value: number): Item {
  return { kind: 'perf', objectKey: 'host1', counter: 'cpu', value, timestampMs: 1_700_000_000_000 + value };
}
function perfs(from: number, count: number): Item[] {
  return Array.from({ length: count }, (_, i) => perf(from + i));
}
function values(items: readonly Item[]): number[] {
  return items.map((item) => (item.kind === 'perf' ? item.value : Number.NaN));
}
function itemBytes(item: Item): number {
  return Buffer.byteLength(JSON.stringify(item));
}

function withSpool(run: (spool: Spool, path: string, clock: FakeClock) => void, quotaBytes?: number): void {
  const path = spoolFile();
  const clock = new FakeClock();
  const spool = openSpool({ path, clock, ...(quotaBytes === undefined ? {} : { quotaBytes }) });
  try {
    run(spool, path, clock);
  } finally {
    spool.close();
  }
}

describe('spool batches', () => {
  it('packages items in append order into batches with consecutive seqs', () => {
    withSpool((spool) => {
      assert.equal(spool.nextBatch(), undefined);
      assert.deepEqual(spool.append(perfs(0, 25)), { kind: 'accepted', acceptedCount: 25 });
      assert.equal(spool.pendingCount(), 25);
      const first = spool.nextBatch(10)!;
      assert.equal(first.seq, 1);
      assert.deepEqual(values(first.items), perfs(0, 10).map((_, i) => i));
      // Pipelining: ask for the batch after the one in flight.
      const second = spool.nextBatch(10, first.seq)!;
      assert.equal(second.seq, 2);
      assert.deepEqual(values(second.items), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
      assert.equal(spool.nextBatch(10, 2)!.seq, 3);
      assert.equal(spool.nextBatch(10, 3), undefined);
    });
  });

  it('a resent batch keeps its seq and items, even with a different maxItems', () => {
    withSpool((spool) => {
      spool.append(perfs(0, 30));
      const sent = spool.nextBatch(10)!;
      const resent = spool.nextBatch(500)!;
      assert.deepEqual(resent, sent);
    });
  });

  it('acknowledge is cumulative, idempotent and frees the quota', () => {
    withSpool((spool) => {
      spool.append(perfs(0, 30));
      const bytesBefore = spool.pendingBytes();
      const b1 = spool.nextBatch(10)!;
      const b2 = spool.nextBatch(10, b1.seq)!;
      assert.equal(spool.acknowledge(b2.seq), 20);
      assert.equal(spool.acknowledge(b2.seq), 0);
      assert.equal(spool.acknowledge(b1.seq), 0);
      assert.equal(spool.pendingCount(), 10);
      assert.equal(spool.pendingBytes(), bytesBefore - b1.sizeBytes - b2.sizeBytes);
      const b3 = spool.nextBatch()!;
      assert.equal(b3.seq, 3);
      assert.deepEqual(values(b3.items), perfs(20, 10).map((_, i) => 20 + i));
      spool.acknowledge(b3.seq);
      assert.equal(spool.pendingBytes(), 0);
      assert.equal(spool.nextBatch(), undefined);
    });
  });

  it('assignment and acks survive reopening', () => {
    const path = spoolFile();
    const clock = new FakeClock();
    let spool = openSpool({ path, clock });
    spool.append(perfs(0, 30));
    spool.acknowledge(spool.nextBatch(10)!.seq);
    const inFlight = spool.nextBatch(10)!;
    spool.close();
    spool = openSpool({ path, clock });
    assert.deepEqual(spool.nextBatch(99), inFlight);
    assert.equal(spool.pendingCount(), 20);
    spool.acknowledge(inFlight.seq);
    assert.equal(spool.nextBatch()!.seq, 3);
    spool.close();
  });

  it('keeps each batch under the frame limit', () => {
    withSpool((spool) => {
      const big = (i: number): Item => ({ kind: 'event', objectKey: 'h', eventId: i, level: 'information', message: 'm'.repeat(16_000), timestampMs: i });
      spool.append(Array.from({ length: 600 }, (_, i) => big(i)));
      const batch = spool.nextBatch()!;
      assert.ok(batch.items.length < 600 && batch.items.length > 200, `${batch.items.length} items`);
      assert.ok(batch.sizeBytes < MAX_FRAME_BYTES);
    });
  });

  it('appends 10,000 items in one call as one transaction', () => {
    withSpool((spool) => {
      const started = performance.now();
      assert.equal(spool.append(perfs(0, 10_000)).kind, 'accepted');
      const elapsedMs = performance.now() - started;
      assert.equal(spool.pendingCount(), 10_000);
      assert.equal(spool.nextBatch()!.items.length, 10_000);
      // Not a benchmark; only catches a per-item commit (which takes seconds with fsync).
      assert.ok(elapsedMs < 2_000, `append took ${elapsedMs} ms`);
    });
  });
});

describe('spool quota and health', () => {
  it('refuses what does not fit, counts the loss persistently and reports it', () => {
    const size = itemBytes(perf(100));
    const path = spoolFile();
    const clock = new FakeClock();
    let spool = openSpool({ path, clock, quotaBytes: size * 10 });
    const result = spool.append(perfs(100, 14));
    assert.equal(result.kind, 'dropped');
    assert.ok(result.kind === 'dropped');
    assert.equal(result.acceptedCount, 10);
    assert.equal(result.droppedCount, 4);
    assert.equal(result.reason, 'quota-full');
    assert.match(result.message, /Dropped 4 item\(s\).*quota.*4 dropped in total/);
    assert.equal(spool.append([perf(200)]).kind, 'dropped');
    spool.close();
    spool = openSpool({ path, clock, quotaBytes: size * 10 });
    assert.equal(spool.health().droppedItemsTotal, 5);
    assert.equal(spool.health().droppedBytesTotal, size * 5);
    assert.equal(spool.pendingCount(), 10);
    // Once acknowledged, room is back.
    spool.acknowledge(spool.nextBatch(5)!.seq);
    assert.equal(spool.append(perfs(300, 5)).kind, 'accepted');
    spool.close();
  });

  it('refuses (and counts) an item too large for any frame, keeping the rest', () => {
    withSpool((spool) => {
      const huge: Item = { kind: 'event', objectKey: 'h', eventId: 1, level: 'error', message: 'x'.repeat(MAX_ITEM_BYTES), timestampMs: 1 };
      const result = spool.append([perf(1), huge, perf(2)]);
      assert.ok(result.kind === 'dropped' && result.reason === 'item-too-large' && result.droppedCount === 1);
      assert.deepEqual(values(spool.nextBatch()!.items), [1, 2]);
      assert.equal(spool.health().droppedItemsTotal, 1);
    });
  });

  it('reports the send queue as healthy, warning at 50 % and critical at 60 %', () => {
    const size = itemBytes(perf(100));
    withSpool(
      (spool, _path, clock) => {
        assert.equal(spool.health().state, 'healthy');
        assert.equal(spool.health().oldestPendingMs, undefined);
        spool.append(perfs(100, 49));
        const appendedAtMs = clock.nowMs();
        assert.deepEqual([spool.health().state, Math.round(spool.health().sendQueuePercent)], ['healthy', 49]);
        spool.append(perfs(149, 1));
        assert.equal(spool.health().state, 'warning');
        spool.append(perfs(150, 10));
        assert.equal(spool.health().state, 'critical');
        assert.equal(spool.health().oldestPendingMs, appendedAtMs);
        const item = toAgentHealthItem(spool.health(), clock.nowMs());
        assert.equal(item.sendQueueState, 'critical');
        assert.equal(item.sendQueueBytes, size * 60);
      },
      size * 100,
    );
  });
});

describe('spool files', () => {
  it('stores in WAL mode (the mode persists in the file)', () => {
    const path = spoolFile();
    openSpool({ path, clock: new FakeClock() }).close();
    const probe = new DatabaseSync(path, { readOnly: true });
    try {
      assert.deepEqual({ ...probe.prepare('PRAGMA journal_mode').get() }, { journal_mode: 'wal' });
    } finally {
      probe.close();
    }
  });

  it('refuses a second opener of the same spool with a clear error', () => {
    withSpool((_spool, path) => {
      assert.throws(() => openSpool({ path, clock: new FakeClock() }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'DATA_DIR_INVALID');
        assert.match(error.message, /another agent process is using this spool/);
        return true;
      });
    });
  });

  it('after the spool file was recreated, resumes numbering above the MS mark', () => {
    withSpool((spool) => {
      spool.append(perfs(0, 20));
      const stale = spool.nextBatch(10)!;
      assert.equal(stale.seq, 1);
      // The MS had committed up to 500 from this agent before the spool was lost.
      assert.equal(spool.resume(500), 'renumbered');
      const fresh = spool.nextBatch(10)!;
      assert.equal(fresh.seq, 501);
      assert.deepEqual(values(fresh.items), values(stale.items));
      assert.equal(spool.resume(501), 'acknowledged');
      assert.equal(spool.pendingCount(), 10);
    });
  });
});
