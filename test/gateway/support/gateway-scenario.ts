// Shared steps of the gateway end-to-end tests: management server and gateway processes, counting
// numbered samples in the operational database, and which server/gateway a process is on.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '@vigil/store';
import { spawnJsonLines, type JsonLinesProcess } from '../../support/json-lines-process.ts';

export const MS_SCRIPT = fileURLToPath(new URL('../fixtures/gateway-ms-process.ts', import.meta.url));
export const GATEWAY_SCRIPT = fileURLToPath(new URL('../fixtures/gateway-process.ts', import.meta.url));
export const AGENT_SCRIPT = fileURLToPath(new URL('../../../apps/agent/test/fixtures/numbered-agent.ts', import.meta.url));

export interface ServerProcess {
  readonly proc: JsonLinesProcess;
  readonly linkPort: number;
  readonly serverId: string;
}

export async function startServer(dbUrl: string, dir: string, name: string, extra: readonly string[] = [], linkPort = 0): Promise<ServerProcess> {
  const proc = spawnJsonLines(MS_SCRIPT, ['--db', dbUrl, '--data', join(dir, name), '--name', name, '--link-port', String(linkPort), ...extra]);
  const started = await proc.waitFor((l) => l.event === 'started', 60_000);
  return { proc, linkPort: started.linkPort as number, serverId: started.serverId as string };
}

export function startGatewayProcess(dir: string, name: string, args: readonly string[]): JsonLinesProcess {
  return spawnJsonLines(GATEWAY_SCRIPT, ['--data', join(dir, name), '--name', name, ...args]);
}

/** A TCP port free right now on `host` (for processes that must come back on the same port). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Numbered samples (counter test.seq) of one agent's series: total rows, distinct values, highest. */
export async function sampleCounts(store: Store, agentName: string): Promise<{ total: number; distinct: number; max: number }> {
  const row = await store.db
    .selectFrom('perf_sample')
    .innerJoin('perf_series', 'perf_series.id', 'perf_sample.series_id')
    .where('perf_series.counter', '=', 'test.seq')
    .where('perf_series.object_key', '=', `agent/${agentName}`)
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('perf_sample.value').distinct().as('distinct'), eb.fn.max<number>('perf_sample.value').as('max')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), distinct: Number(row.distinct), max: Number(row.max ?? 0) };
}

export async function gatewayServer(store: Store, name: string): Promise<string | null> {
  return (await store.db.selectFrom('gateway').select('connected_server_id').where('name', '=', name).executeTakeFirst())?.connected_server_id ?? null;
}

export async function gatewayOfAgent(store: Store, agentName: string): Promise<string | null> {
  const row = await store.db
    .selectFrom('agent')
    .leftJoin('gateway', 'gateway.id', 'agent.gateway_id')
    .select('gateway.name')
    .where('agent.name', '=', agentName)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** The gateway (listen port) an agent process reports it is linked to, from its latest progress line. */
export function agentServer(agent: JsonLinesProcess): string | null {
  return (agent.latest('progress')?.server as string | null | undefined) ?? null;
}
