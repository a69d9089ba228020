// The change log on both dialects: rows come back in id order after a position, ids are never
// reused (not even once grooming emptied the table), late rows below the largest id are found by
// id, and grooming deletes by age in bounded batches. On PostgreSQL a real gap: a row whose
// transaction commits after a later id's is invisible to a forward read until it commits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ManagementServerId } from '@vigil/core';
import { appendChangeLog, changeLogRowsAfter, changeLogRowsWithIds, groomChangeLogBatch, lastChangeLogId, openStore } from '@vigil/store';
import { forEachDialect } from './dialects.ts';

const MS_A = '01900000-0000-7000-8000-0000000000a1' as ManagementServerId;
const MS_B = '01900000-0000-7000-8000-0000000000b2' as ManagementServerId;

forEachDialect('change log', (ctx) => {
  test('appends in id order, reads after a position with a limit, and never reuses an id', async () => {
    const { db } = ctx.store;
    assert.equal(await lastChangeLogId(db), 0);
    for (let n = 1; n <= 5; n++) await appendChangeLog(db, { atMs: 1_000 * n, serverId: n % 2 ? MS_A : MS_B, effectsJson: `{"n":${n}}` });
    const all = await changeLogRowsAfter(db, 0, 100);
    assert.deepEqual(all.map((r) => r.effectsJson), [1, 2, 3, 4, 5].map((n) => `{"n":${n}}`));
    assert.ok(all.every((r, i) => i === 0 || r.id > all[i - 1]!.id), 'ids increase');
    assert.deepEqual(all.map((r) => [r.atMs, r.serverId]), [[1_000, MS_A], [2_000, MS_B], [3_000, MS_A], [4_000, MS_B], [5_000, MS_A]]);
    const last = await lastChangeLogId(db);
    assert.equal(last, all.at(-1)!.id);

    const page = await changeLogRowsAfter(db, all[1]!.id, 2);
    assert.deepEqual(page.map((r) => r.id), [all[2]!.id, all[3]!.id]);

    assert.equal(await groomChangeLogBatch(db, 3_500, 2), 2, 'a batch deletes at most its limit');
    assert.equal(await groomChangeLogBatch(db, 3_500, 100), 1);
    assert.deepEqual((await changeLogRowsAfter(db, 0, 100)).map((r) => r.atMs), [4_000, 5_000]);
    assert.equal(await groomChangeLogBatch(db, 10_000, 100), 2);
    assert.equal(await lastChangeLogId(db), 0, 'empty after grooming');
    await appendChangeLog(db, { atMs: 11_000, serverId: MS_A, effectsJson: '{}' });
    assert.ok((await lastChangeLogId(db)) > last, 'an id is never handed out twice, even after the table emptied');
  });

  test('rows that appear below the largest id are found by id', async () => {
    const { db } = ctx.store;
    // Rows placed at chosen ids stand for transactions that committed out of id order.
    const place = (id: number) => db.insertInto('change_log').values({ id, at: id, server_id: MS_B, effects_json: `{"id":${id}}` }).execute();
    await place(1);
    await place(3);
    assert.deepEqual((await changeLogRowsAfter(db, 0, 100)).map((r) => r.id), [1, 3]);
    assert.deepEqual(await changeLogRowsWithIds(db, [2]), []);
    await place(2);
    assert.deepEqual((await changeLogRowsAfter(db, 3, 100)).map((r) => r.id), [], 'a forward read past 3 never sees 2');
    assert.deepEqual((await changeLogRowsWithIds(db, [2, 4])).map((r) => [r.id, r.effectsJson]), [[2, '{"id":2}']]);
  });

  if (ctx.dialect === 'postgres') {
    test('an id taken by a transaction still open is a gap until it commits', async () => {
      const other = await openStore(ctx.store.location.kind === 'postgres' ? ctx.store.location.url : '');
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let appended!: () => void;
        const inserted = new Promise<void>((resolve) => (appended = resolve));
        const slow = other.db.transaction().execute(async (trx) => {
          await appendChangeLog(trx, { atMs: 1, serverId: MS_A, effectsJson: '"slow"' });
          appended();
          await held;
        });
        await inserted;
        await appendChangeLog(ctx.store.db, { atMs: 2, serverId: MS_B, effectsJson: '"fast"' });
        const visible = await changeLogRowsAfter(ctx.store.db, 0, 100);
        assert.deepEqual(visible.map((r) => r.effectsJson), ['"fast"'], 'the slow row is not visible yet');
        const gap = visible[0]!.id - 1;
        assert.equal(await lastChangeLogId(ctx.store.db), gap + 1);
        release();
        await slow;
        assert.deepEqual((await changeLogRowsAfter(ctx.store.db, gap + 1, 100)).length, 0, 'reading forward misses it');
        assert.deepEqual((await changeLogRowsWithIds(ctx.store.db, [gap])).map((r) => r.effectsJson), ['"slow"'], 'looking it up by id finds it');
      } finally {
        await other.close();
      }
    });
  }
});
