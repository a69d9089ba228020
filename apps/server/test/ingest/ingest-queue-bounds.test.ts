// The ingest queue is bounded: while the database stalls it reports saturation (links stop
// reading), and once it drains every queued batch is committed exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { newId, silentLogger, systemClock, type AgentId } from '@vigil/core';
import { insertAgent } from '@vigil/store';
import { createTestStore } from '@vigil/store/testing';
import { createIngestQueue } from '../../src/ingest/ingest-queue.ts';
import { createObjectResolver } from '../../src/ingest/object-resolver.ts';
import { fixedMonitorRules } from '../../src/health/monitor-rules.ts';

test('a stalled database saturates the bounded queue, which drains without loss [postgres]', async () => {
  const { store, database, cleanup } = await createTestStore('postgres');
  const locker = new pg.Client({ connectionString: database.url });
  try {
    const agentId = newId<AgentId>();
    await insertAgent(store.db, { id: agentId, name: 'a1', hostName: 'a1', csrPem: 'x', approvalState: 'approved', nowMs: Date.now(), decidedBy: 't' });
    const queue = createIngestQueue(
      { db: store.db, clock: systemClock, rules: fixedMonitorRules({}), objects: createObjectResolver(), seriesIds: new Map() },
      silentLogger(),
      { capacityBatches: 5, capacityItems: 1000, maxGroupBatches: 2, maxGroupItems: 1000 },
    );
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE perf_sample IN ACCESS EXCLUSIVE MODE');
    const source = { agentId, agentName: 'a1', hostName: 'a1' };
    const outcomes = Array.from({ length: 12 }, (_, i) =>
      queue.submit({ source, seq: i + 1, items: [{ kind: 'perf', objectKey: 'k', counter: 'c', value: i + 1, timestampMs: Date.now() }] }),
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(queue.saturated(), true);
    let drained = false;
    const waiting = queue.whenDrained().then(() => (drained = true));
    assert.equal(drained, false);
    await locker.query('COMMIT');
    await waiting;
    assert.deepEqual((await Promise.all(outcomes)).map((o) => o.status), Array(12).fill('committed'));
    const rows = await store.db.selectFrom('perf_sample').select('value').orderBy('value').execute();
    assert.deepEqual(rows.map((r) => r.value), Array.from({ length: 12 }, (_, i) => i + 1));
    await queue.close();
  } finally {
    await locker.end().catch(() => {});
    await cleanup();
  }
});
