// Wraps a `pg` Pool for Kysely so that bulk-insert markers run as COPY FROM STDIN on the very
// client (and so the transaction) Kysely is using, and so that 64-bit integers come back as
// numbers where they fit. No global pg type parsers are touched.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { decodeBulkInsert, type BulkInsertRequest } from '../bulk-insert-marker.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function parseInt8(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return parseInt8;
    // Numerics only appear as aggregates (avg, sum) over metrics: a float is what callers want.
    if (oid === NUMERIC_OID) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PostgresPoolOptions {
  readonly url: string;
  readonly maxConnections: number;
  readonly connectTimeoutMs: number;
  /** 0 leaves the server's setting. */
  readonly idleInTransactionTimeoutMs: number;
}

export function createPostgresPool(options: PostgresPoolOptions): { pool: PostgresPool; raw: pg.Pool } {
  const raw = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections,
    connectionTimeoutMillis: options.connectTimeoutMs,
    types: typeParsers,
    ...(options.idleInTransactionTimeoutMs > 0 ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
  });
  // An idle client that loses its server must not crash the process; the pool drops it.
  raw.on('error', () => {});
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const pool: PostgresPool = {
    options: raw.options,
    end: () => raw.end(),
    async connect() {
      const client = await raw.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrapClient(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
  };
  return { pool, raw };
}

function wrapClient(client: pg.PoolClient): PostgresPoolClient {
  return {
    get processID() {
      return (client as unknown as { processID?: number }).processID;
    },
    release: (destroy?: boolean) => client.release(destroy),
    query: ((sqlOrCursor: string, parameters: ReadonlyArray<unknown>) => {
      if (typeof sqlOrCursor === 'string') {
        const bulk = decodeBulkInsert(sqlOrCursor, parameters);
        if (bulk) return copyRows(client, bulk);
      }
      return client.query(sqlOrCursor, parameters as unknown[]);
    }) as unknown as PostgresPoolClient["query"],
  };
}

async function copyRows(client: pg.PoolClient, request: BulkInsertRequest) {
  const stream = client.query(copyFrom(`COPY ${request.table} (${request.columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyTextLines(request.rows)), stream);
  return { command: 'COPY', rowCount: request.rows.length, rows: [] };
}

function* copyTextLines(rows: ReadonlyArray<ReadonlyArray<unknown>>): Generator<string> {
  const chunk: string[] = [];
  for (const row of rows) {
    chunk.push(row.map(copyTextValue).join('\t'));
    if (chunk.length === 1000) {
      yield chunk.join('\n') + '\n';
      chunk.length = 0;
    }
  }
  if (chunk.length > 0) yield chunk.join('\n') + '\n';
}

/** COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped. */
function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
