// console: the two screens operators open all day, at scale — the alert list's first page with
// 100,000 open alerts, and the computers state view with 15,000 computers (p95 < 100 ms at the
// API). The database is seeded directly with bulk inserts; a management server runs in its own
// process and each page is fetched through its SDK API over HTTP, signed in as an administrator.
import { newUuid } from '@vigil/core';
import { bulkInsert, type Database, type OperationalDatabase } from '@vigil/store';
import type { BenchOptions } from '../support/bench-options.ts';
import type { BenchReport, Cell } from '../support/bench-report.ts';
import { prepareBenchDatabase } from '../support/bench-database.ts';
import { scratchDir, startBenchServer } from '../support/bench-cluster.ts';
import { distribution } from '../support/statistics.ts';
import type { Benchmark } from '../support/benchmark.ts';
import { signInAsAdmin } from '../support/api-session.ts';
import { join } from 'node:path';

const TARGET_P95_MS = 100;
const HEALTH = ['healthy', 'healthy', 'healthy', 'healthy', 'warning', 'critical', 'unknown'] as const;
const SEVERITY = ['critical', 'warning', 'warning', 'information'] as const;

export const consoleBenchmark: Benchmark = {
  name: 'console',
  description: 'alert list first page with 100,000 open alerts; computers state view with 15,000 computers (p95 < 100 ms)',
  async run(options: BenchOptions): Promise<BenchReport> {
    const computers = Number(options.extra.computers ?? (options.smoke ? 300 : 15_000));
    const alerts = Number(options.extra.alerts ?? (options.smoke ? 2000 : 100_000));
    const repeats = Number(options.extra.repeats ?? (options.smoke ? 10 : 200));
    const rows: Array<Record<string, Cell>> = [];
    const notes: string[] = [];
    for (const dialect of options.dialects) {
      const database = await prepareBenchDatabase(dialect, 0, options.log);
      const scratch = scratchDir('console');
      try {
        const seedStarted = Date.now();
        await seed(database.store.db, computers, alerts);
        options.log(`${dialect}: seeded ${computers} computers and ${alerts} open alerts in ${Date.now() - seedStarted} ms`);
        // Timed at the SDK API, as a console sees it: HTTP, authorisation, scope filter, JSON.
        const server = await startBenchServer({ dbUrl: database.url, dataDir: scratch.path, name: 'ms1' });
        try {
          const api = await signInAsAdmin(server.apiUrl, join(scratch.path, 'ms1'));
          const views: Array<{ name: string; path: string }> = [
            { name: `alert list, first page of 100 (of ${alerts.toLocaleString('en-US')} open, newest first)`, path: '/api/v1/alerts?limit=100' },
            { name: 'alert list, critical only, first page of 100', path: '/api/v1/alerts?limit=100&severity=critical' },
            { name: `computers state view, first page of 100 (of ${computers.toLocaleString('en-US')}, by health)`, path: '/api/v1/objects?classId=Vigil.Core.Computer&limit=100&sort=healthState' },
            { name: 'computers state view, critical only, first page of 100', path: '/api/v1/objects?classId=Vigil.Core.Computer&limit=100&health=critical' },
          ];
          for (const view of views) {
            for (let i = 0; i < Math.min(10, repeats); i++) await api.getJson(view.path);
            const times: number[] = [];
            for (let i = 0; i < repeats; i++) {
              const started = performance.now();
              await api.getJson(view.path);
              times.push(performance.now() - started);
            }
            const d = distribution(times);
            rows.push({ db: dialect, view: view.name, runs: d.count, 'p50 ms': d.p50, 'p95 ms': d.p95, 'p99 ms': d.p99, 'measured at': `API GET ${view.path.split('?')[0]}`, 'target met': d.p95 < TARGET_P95_MS ? 'yes' : 'no' });
          }
        } finally {
          await server.stop();
        }
      } finally {
        await database.dispose();
        scratch.dispose();
      }
    }
    notes.unshift(`Seeded with bulk inserts: ${computers.toLocaleString('en-US')} computers (monitoring_object, mixed health), ${alerts.toLocaleString('en-US')} open alerts spread over them. Each view run ${repeats} times in a row after 10 warm-up runs, timed at the SDK API over HTTP (bearer token, scope filter, JSON decoded), the server in its own process. Target p95 < ${TARGET_P95_MS} ms at the API.`);
    return { name: 'console', title: 'console', columns: ['db', 'view', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'measured at', 'target met'], rows, notes };
  },
};

async function seed(db: Database, computers: number, alerts: number): Promise<void> {
  const now = Date.now();
  const ids: string[] = [];
  const objectRows: unknown[][] = [];
  for (let i = 0; i < computers; i++) {
    const id = newUuid(now);
    ids.push(id);
    const name = `server-${String(i).padStart(5, '0')}.contoso.com`;
    objectRows.push([id, 'Vigil.Core.Computer', `Vigil.Core.Computer:${name}`, name, null, null, null, JSON.stringify({ hostName: name }), null, null, HEALTH[i % HEALTH.length], now - (i % 3600) * 1000, 0, now, now, null]);
  }
  const objectColumns = ['id', 'class_id', 'object_key', 'display_name', 'host_id', 'agent_id', 'pool_id', 'properties_json', 'discovery_id', 'discovery_target_key', 'health_state', 'health_changed_at', 'in_maintenance', 'created_at', 'updated_at', 'deleted_at'];
  for (let i = 0; i < objectRows.length; i += 5000) await db.transaction().execute((trx) => bulkInsert<OperationalDatabase>(trx, 'monitoring_object', objectColumns, objectRows.slice(i, i + 5000)));
  const alertColumns = ['id', 'name', 'description', 'severity', 'priority', 'resolution_state', 'object_id', 'source_kind', 'source_id', 'suppression_key', 'repeat_count', 'owner', 'ticket_id', 'raised_at', 'last_modified_at', 'resolved_at', 'context_json'];
  for (let start = 0; start < alerts; start += 10_000) {
    const chunk: unknown[][] = [];
    for (let i = start; i < Math.min(alerts, start + 10_000); i++) {
      const raisedAt = now - (alerts - i) * 1000;
      chunk.push([newUuid(raisedAt), `Bench alert ${i % 50}`, 'Seeded by the console benchmark.', SEVERITY[i % SEVERITY.length], 'medium', 0, ids[i % ids.length], i % 2 ? 'rule' : 'monitor', `Vigil.Bench.Workflow${i % 50}`, null, 0, null, null, raisedAt, raisedAt, null, '{}']);
    }
    await db.transaction().execute((trx) => bulkInsert<OperationalDatabase>(trx, 'alert', alertColumns, chunk));
  }
}
