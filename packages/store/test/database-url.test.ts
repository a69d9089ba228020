import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { parseDatabaseUrl, describeDatabase, openStore } from '@vigil/store';
import { isVigilError } from '@vigil/core';

test('database URLs: postgres, sqlite prefix, plain paths; others refused', () => {
  assert.deepEqual(parseDatabaseUrl('postgres://u@h:5432/db'), { kind: 'postgres', url: 'postgres://u@h:5432/db' });
  assert.deepEqual(parseDatabaseUrl('postgresql://u@h/db').kind, 'postgres');
  assert.deepEqual(parseDatabaseUrl('sqlite:data/ops.sqlite'), { kind: 'sqlite', path: resolve('data/ops.sqlite') });
  assert.deepEqual(parseDatabaseUrl('./x.sqlite'), { kind: 'sqlite', path: resolve('x.sqlite') });
  assert.throws(() => parseDatabaseUrl('mysql://h/db'), (e) => isVigilError(e, 'DB_URL_UNSUPPORTED') && /postgres:\/\//.test(e.message));
  assert.equal(describeDatabase(parseDatabaseUrl('postgres://u:secret@h/db')), 'PostgreSQL postgres://u:****@h/db');
});

test('an unreachable PostgreSQL server gives DB_UNREACHABLE naming the masked URL', async () => {
  await assert.rejects(
    openStore('postgres://u:secret@127.0.0.1:1/db', { connectTimeoutMs: 1000 }),
    (e) => isVigilError(e, 'DB_UNREACHABLE') && /127\.0\.0\.1:1/.test(e.message) && !/secret/.test(e.message),
  );
});
