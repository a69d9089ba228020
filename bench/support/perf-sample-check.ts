// Loss and duplication of performance samples, judged in the database: every sample the fleet
// saw acknowledged must be stored exactly once. The fleet gives every sample of an agent a
// distinct timestamp per series, so (series_id, at) is unique unless a batch was written twice.
import { sql } from 'kysely';
import type { Database } from '@vigil/store';

export interface SampleCheck {
  readonly stored: number;
  readonly distinct: number;
  readonly acked: number;
  /** Acked by the fleet but not in the database. */
  readonly lost: number;
  /** Stored more than once. */
  readonly duplicated: number;
}

export async function checkPerfSamples(db: Database, acked: number): Promise<SampleCheck> {
  const row = await sql<{ stored: string | number; distinct_pairs: string | number }>`
    select count(*) as stored, (select count(*) from (select distinct series_id, at from perf_sample) d) as distinct_pairs from perf_sample`.execute(db);
  const stored = Number(row.rows[0]!.stored);
  const distinct = Number(row.rows[0]!.distinct_pairs);
  return { stored, distinct, acked, lost: Math.max(0, acked - distinct), duplicated: stored - distinct };
}

export async function countPerfSamples(db: Database): Promise<number> {
  const row = await db.selectFrom('perf_sample').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
