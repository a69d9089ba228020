// The server dialect: a `pg` pool for many concurrent readers and writers across management
// servers; COPY for bulk ingest (see postgres-pool.ts).
import { PostgresDialect, type Dialect } from 'kysely';
import { createPostgresPool, type PostgresPoolOptions } from './postgres-pool.ts';

export function createPostgresDialect(options: PostgresPoolOptions): Dialect {
  const { pool } = createPostgresPool(options);
  return new PostgresDialect({ pool });
}
