// pool-failover: three pool members (default lease settings) share agentless objects, each an
// HTTP probe of a local target that records who probed it and when. After kill -9 of the member
// owning the most objects: for each of its objects, the time until another member probes it
// (p50/p99/max; target < 15 s), and whether any object was left unprobed.
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { newId } from '@vigil/core';
import { ALL_MANAGEMENT_SERVERS_POOL, createPool, type Database } from '@vigil/store';
import type { BenchOptions } from '../support/bench-options.ts';
import type { BenchReport, Cell } from '../support/bench-report.ts';
import { prepareBenchDatabase } from '../support/bench-database.ts';
import { spawnJsonLines, type JsonLinesProcess } from '../support/json-lines-process.ts';
import { distribution } from '../support/statistics.ts';
import { sleep, type Benchmark } from '../support/benchmark.ts';

const MEMBER_SCRIPT = fileURLToPath(new URL('./pool-member-child.ts', import.meta.url));
const TARGET_MS = 15_000;
const MEMBERS = 3;

interface Hit {
  readonly target: number;
  readonly member: string;
  readonly atMs: number;
}

export const poolFailoverBenchmark: Benchmark = {
  name: 'pool-failover',
  description: 'kill -9 of a pool member → time until its agentless objects are probed again (default leases, < 15 s)',
  async run(options: BenchOptions): Promise<BenchReport> {
    const objects = Number(options.extra.objects ?? (options.smoke ? 12 : 300));
    const intervalSeconds = Number(options.extra['probe-interval'] ?? 5);
    const rows: Array<Record<string, Cell>> = [];
    let timing = '';
    for (const dialect of options.dialects) {
      const database = await prepareBenchDatabase(dialect, 0, options.log);
      const hits: Hit[] = [];
      const targets = await startTargets(hits);
      const members: Array<{ name: string; proc: JsonLinesProcess }> = [];
      try {
        await seedObjects(database.store.db, objects, intervalSeconds, targets.urlOf);
        for (let m = 1; m <= MEMBERS; m++) {
          const name = `pool-ms${m}`;
          const proc = spawnJsonLines(MEMBER_SCRIPT, ['--db', database.url, '--name', name]);
          members.push({ name, proc });
        }
        const ready = await Promise.all(members.map((m) => m.proc.waitFor((l) => l.event === 'ready', 60_000)));
        timing = `lease renew ${String(ready[0]!.leaseRenewMs)} ms, valid ${String(ready[0]!.leaseValidMs)} ms, settle ${String(ready[0]!.settleMs)} ms`;
        // Members own nothing until they have held their lease for the settle time.
        const settledBy = Date.now() + Number(ready[0]!.settleMs) + 60_000;
        while (probedSince(hits, Date.now() - intervalSeconds * 1000 - 1000).size < objects) {
          if (Date.now() > settledBy) throw new Error(`only ${probedSince(hits, Date.now() - intervalSeconds * 1000 - 1000).size} of ${objects} objects probed`);
          await sleep(250);
        }
        await sleep(intervalSeconds * 1000 + 1000);
        const killedAtMs = Date.now();
        const owners = lastProbers(hits, objects, killedAtMs);
        const counts = new Map<string, number>();
        for (const member of owners.values()) counts.set(member, (counts.get(member) ?? 0) + 1);
        const victim = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
        await members.find((m) => m.name === victim)!.proc.kill('SIGKILL');
        const owned = [...owners].filter(([, m]) => m === victim).map(([t]) => t);
        const deadline = Date.now() + 60_000;
        const firstByOther = (target: number): Hit | undefined => hits.find((h) => h.target === target && h.member !== victim && h.atMs >= killedAtMs);
        while (owned.some((t) => !firstByOther(t)) && Date.now() < deadline) await sleep(100);
        const times = owned.map((t) => firstByOther(t)).filter((h): h is Hit => h !== undefined).map((h) => h.atMs - killedAtMs);
        const d = distribution(times);
        rows.push({
          db: dialect, objects, members: MEMBERS, 'victim owned': owned.length, 're-probed': times.length, 'p50 ms': d.p50, 'p99 ms': d.p99, 'max ms': d.max,
          'target met': times.length === owned.length && d.max < TARGET_MS ? 'yes' : 'no',
        });
        options.log(`${dialect}: ${times.length}/${owned.length} of ${victim}'s objects re-probed, max ${d.max} ms`);
      } finally {
        for (const m of members) await m.proc.kill('SIGTERM');
        await targets.close();
        await database.dispose();
      }
    }
    return {
      name: 'pool-failover',
      title: 'pool-failover',
      columns: ['db', 'objects', 'members', 'victim owned', 're-probed', 'p50 ms', 'p99 ms', 'max ms', 'target met'],
      rows,
      notes: [
        `Three pool-member processes (apps/server startPoolWork with the server's default ${timing}) probe ${objects} agentless objects (HTTP probe every ${intervalSeconds} s) of the All Management Servers pool; the member owning the most is killed with SIGKILL. Time: kill → first probe of each of its objects by another member, seen at the target. Target < ${TARGET_MS} ms.`,
        'The management server process does not give its pool a PoolItemWriter yet, so the members run the pool machinery alone (as test/pool does), writing results through the store-backed fenced writer of the pool tests.',
      ],
    };
  },
};

async function seedObjects(db: Database, objects: number, intervalSeconds: number, urlOf: (target: number) => string): Promise<void> {
  const now = Date.now();
  const poolId = await createPool(db, ALL_MANAGEMENT_SERVERS_POOL, 'automatic', now);
  for (let i = 0; i < objects; i++) {
    await db.insertInto('monitoring_object').values({
      id: newId(now), class_id: 'Vigil.Bench.WebSite', object_key: `Vigil.Bench.WebSite:site-${i}`, display_name: `Site ${i}`, host_id: null, agent_id: null, pool_id: poolId,
      properties_json: JSON.stringify({ probes: [{ name: 'web', probe: 'http', config: { url: urlOf(i), timeoutMs: 2000 }, intervalSeconds }] }),
      discovery_id: null, discovery_target_key: null, health_state: 'unknown', health_changed_at: now, in_maintenance: 0, created_at: now, updated_at: now, deleted_at: null,
    }).execute();
  }
}

async function startTargets(hits: Hit[]): Promise<{ urlOf(target: number): string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const target = Number(/\/target\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
    hits.push({ target, member: String(req.headers['user-agent'] ?? '').replace(/^Vigil-Pool\//, ''), atMs: Date.now() });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    urlOf: (target) => `http://127.0.0.1:${port}/target/${target}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function probedSince(hits: readonly Hit[], sinceMs: number): Set<number> {
  return new Set(hits.filter((h) => h.atMs >= sinceMs).map((h) => h.target));
}

function lastProbers(hits: readonly Hit[], objects: number, beforeMs: number): Map<number, string> {
  const owners = new Map<number, string>();
  for (const h of hits) if (h.atMs < beforeMs && h.target >= 0 && h.target < objects) owners.set(h.target, h.member);
  return owners;
}
