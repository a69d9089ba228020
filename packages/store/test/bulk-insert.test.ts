import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { bulkInsert } from '@vigil/store';
import { forEachDialect } from './dialects.ts';

interface BulkDb {
  bulk_sample: { id: number; label: string | null; value: number; at: number };
}

forEachDialect('bulk insert', (ctx) => {
  const setUp = async (): Promise<Kysely<BulkDb>> => {
    const db = ctx.store.db as unknown as Kysely<BulkDb>;
    await db.schema
      .createTable('bulk_sample')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('label', 'text')
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    return db;
  };

  test('inserts many rows, escaping awkward text and keeping nulls and 64-bit times', async () => {
    const db = await setUp();
    const awkward = 'tab\there, new\nline, back\\slash, cr\r, quote \' and unicode ✓';
    const rows = Array.from({ length: 5000 }, (_, i) => [i, i === 0 ? awkward : i === 1 ? null : `l${i}`, i / 3, 1_767_225_600_000 + i]);
    await bulkInsert(db, 'bulk_sample', ['id', 'label', 'value', 'at'], rows);
    const count = await db.selectFrom('bulk_sample').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 5000);
    const first = await db.selectFrom('bulk_sample').selectAll().where('id', '<', 2).orderBy('id').execute();
    assert.equal(first[0]?.label, awkward);
    assert.equal(first[1]?.label, null);
    assert.equal(first[0]?.at, 1_767_225_600_000);
    const last = await db.selectFrom('bulk_sample').select(['value']).where('id', '=', 4999).executeTakeFirstOrThrow();
    assert.ok(Math.abs(last.value - 4999 / 3) < 1e-9);
  });

  test('joins the surrounding transaction: a rollback removes the rows', async () => {
    const db = await setUp();
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await bulkInsert<BulkDb>(trx, 'bulk_sample', ['id', 'label', 'value', 'at'], [[1, 'a', 1, 1], [2, 'b', 2, 2]]);
        const inside = await trx.selectFrom('bulk_sample').select('id').execute();
        assert.equal(inside.length, 2);
        throw new Error('abort');
      }),
      /abort/,
    );
    const after = await sql<{ n: number }>`select count(*) as n from bulk_sample`.execute(db);
    assert.equal(Number(after.rows[0]?.n), 0);
  });

  test('refuses identifiers that are not plain names', async () => {
    const db = await setUp();
    await assert.rejects(bulkInsert(db, 'bulk_sample', ['id; drop table x'], [[1]]), /not a plain identifier/);
  });
});
