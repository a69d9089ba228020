// Bulk inserts travel through Kysely as a compiled query whose SQL is a marker that each dialect's
// connection adapter recognises and turns into its fastest path (SQLite: one prepared INSERT run
// per row; PostgreSQL: COPY FROM STDIN on the same connection). Because the marker goes through
// Kysely's normal executor, a bulk insert joins whatever transaction it is called in — which is
// what lets ingest commit data and the sender's high-water mark atomically.

export const BULK_INSERT_PREFIX = '/* vigil:bulk-insert */ ';

export interface BulkInsertRequest {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<unknown>>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function encodeBulkInsert(request: BulkInsertRequest): { sql: string; parameters: unknown[] } {
  for (const name of [request.table, ...request.columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`bulk insert: ${JSON.stringify(name)} is not a plain identifier`);
  }
  for (const row of request.rows) {
    if (row.length !== request.columns.length) {
      throw new Error(`bulk insert into ${request.table}: a row has ${row.length} values for ${request.columns.length} columns`);
    }
  }
  return { sql: `${BULK_INSERT_PREFIX}${request.table} (${request.columns.join(', ')})`, parameters: [request.rows] };
}

/** Returns the request if `sql` is a bulk-insert marker, otherwise undefined. */
export function decodeBulkInsert(sql: string, parameters: ReadonlyArray<unknown>): BulkInsertRequest | undefined {
  if (!sql.startsWith(BULK_INSERT_PREFIX)) return undefined;
  const match = /^(\w+) \(([\w, ]+)\)$/.exec(sql.slice(BULK_INSERT_PREFIX.length));
  if (!match) throw new Error(`malformed bulk insert marker: ${sql}`);
  return {
    table: match[1]!,
    columns: match[2]!.split(', '),
    rows: parameters[0] as ReadonlyArray<ReadonlyArray<unknown>>,
  };
}
