// The change-log follower on both dialects: it delivers the rows other servers append (never its
// own server's, which were delivered in-process), rows that appear below the largest id it has
// read (a PostgreSQL commit out of id order) once they appear, and gives a gap up after the gap
// timeout. The recorder writes one row per non-empty effects and nothing for empty ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, silentLogger, type AgentId, type ManagementServerId, type ObjectId } from '@vigil/core';
import { changeLogRowsAfter, type Database } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { createChangeFeed, type ChangeOrigin } from '../../src/health/change-feed.ts';
import { createChangeLogRecorder, encodeEffects } from '../../src/health/change-feed-log.ts';
import { createChangeFeedFollower } from '../../src/health/change-feed-follower.ts';
import { emptyEffects, type IngestEffects } from '../../src/ingest/ingest-context.ts';

const HERE = '01900000-0000-7000-8000-0000000000a1' as ManagementServerId;
const PEER = '01900000-0000-7000-8000-0000000000b2' as ManagementServerId;

function effectsNamed(monitorId: string): IngestEffects {
  return {
    stateChanges: [{ objectId: 'obj-1' as ObjectId, monitorId, from: 'healthy', to: 'critical', atMs: 1 }],
    alertChanges: [{ alertId: `alert-${monitorId}`, objectId: null, change: 'raised' }],
    discoveredAgents: new Set(['agent-1' as AgentId]),
  };
}

/** A row at a chosen id: stands for a transaction that committed out of id order. */
function place(db: Database, id: number, serverId: ManagementServerId): Promise<unknown> {
  return db.insertInto('change_log').values({ id, at: id, server_id: serverId, effects_json: encodeEffects(effectsNamed(`m${id}`)) }).execute();
}

for (const dialect of DIALECTS) {
  test(`the follower delivers other servers' rows, fills gaps when they commit and gives them up after the timeout [${dialect}]`, async () => {
    const { store, cleanup } = await createTestStore(dialect);
    try {
      const clock = new FakeClock();
      const feed = createChangeFeed((error) => assert.fail(String(error)));
      const delivered: Array<[string, ChangeOrigin]> = [];
      feed.subscribe((effects, origin) => delivered.push([effects.stateChanges[0]!.monitorId, origin]));
      const follower = await createChangeFeedFollower({ db: store.db, clock, logger: silentLogger(), serverId: HERE, feed }, { gapTimeoutMs: 30_000 });

      await place(store.db, 1, PEER);
      await place(store.db, 2, HERE);
      await place(store.db, 4, PEER);
      await follower.poll();
      assert.deepEqual(delivered, [['m1', 'peer'], ['m4', 'peer']], 'own rows are not delivered again');
      assert.deepEqual(follower.missingIds(), [3]);

      await place(store.db, 3, PEER);
      await follower.poll();
      assert.deepEqual(delivered.slice(2), [['m3', 'peer']], 'a row that commits late is delivered once it is visible');
      assert.deepEqual(follower.missingIds(), []);
      await follower.poll();
      assert.equal(delivered.length, 3, 'nothing is delivered twice');

      await place(store.db, 6, PEER);
      await follower.poll();
      assert.deepEqual(follower.missingIds(), [5]);
      await clock.advance(30_000);
      await follower.poll();
      assert.deepEqual(follower.missingIds(), [], 'a gap that never fills is given up');
      assert.deepEqual(delivered.slice(3).map(([m]) => m), ['m6']);

      const received = delivered.length;
      const decoded: IngestEffects[] = [];
      feed.subscribe((effects) => decoded.push(effects));
      await place(store.db, 7, PEER);
      await follower.poll();
      assert.equal(delivered.length, received + 1);
      assert.deepEqual(decoded[0], effectsNamed('m7'), 'effects read back as written, the set of agents included');

      const late = await createChangeFeedFollower({ db: store.db, clock, logger: silentLogger(), serverId: HERE, feed });
      await late.poll();
      assert.equal(delivered.length, received + 1, 'a new follower starts at the end of the log');
    } finally {
      await cleanup();
    }
  });

  test(`the recorder writes one row for non-empty effects and none for empty ones [${dialect}]`, async () => {
    const { store, cleanup } = await createTestStore(dialect);
    try {
      const recorder = createChangeLogRecorder(store.db, HERE, new FakeClock(5_000));
      await store.db.transaction().execute(async (trx) => {
        await recorder.append(trx, emptyEffects());
        await recorder.append(trx, effectsNamed('inside'));
      });
      await recorder.appendCommitted(emptyEffects());
      await recorder.appendCommitted(effectsNamed('after'));
      const rows = await changeLogRowsAfter(store.db, 0, 10);
      assert.deepEqual(rows.map((r) => [r.serverId, r.atMs, JSON.parse(r.effectsJson).stateChanges[0].monitorId]), [[HERE, 5_000, 'inside'], [HERE, 5_000, 'after']]);
    } finally {
      await cleanup();
    }
  });
}
