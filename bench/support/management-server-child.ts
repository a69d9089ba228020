// One management server in its own process, as `vigil server start` runs it, for benchmarks.
// Prints {"event":"started","linkPort","apiUrl","serverId"} when it is up, then every
// --stats-ms a {"event":"stats"} line: RSS, CPU time used, event-loop delay, linked sessions,
// ingest queue depth and link counters. Stops cleanly on SIGTERM (kill -9 is the crash test).
// With --sql-profile (SQLite) it prints the statements that took the most time when it stops.
// Usage: node management-server-child.ts --db URL --data DIR [--name N] [--link-port P] [--sql-profile]
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLogger, loadConfig } from '@vigil/core';
import { serverConfigDefinition, startManagementServer } from '@vigil/server';
import { emit } from './json-lines-process.ts';
import { installSqliteStatementProfiler, topStatements } from './sqlite-statement-profiler.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    data: { type: 'string' },
    name: { type: 'string' },
    'link-port': { type: 'string', default: '0' },
    'api-port': { type: 'string', default: '0' },
    'approval-policy': { type: 'string', default: 'auto-approve' },
    'log-level': { type: 'string', default: 'warn' },
    'stats-ms': { type: 'string', default: '1000' },
    'sql-profile': { type: 'boolean', default: false },
  },
});
if (values['sql-profile']) installSqliteStatementProfiler();

const config = loadConfig(serverConfigDefinition, {
  flags: {
    dbUrl: values.db, dataDir: values.data, name: values.name, linkHost: '127.0.0.1', linkPort: values['link-port'], apiPort: values['api-port'],
    apiTls: 'off', approvalPolicy: values['approval-policy'], groupName: 'Vigil Bench', logLevel: values['log-level'],
  },
});
const logger = createLogger({ role: 'server', level: config.logLevel, destination: { write: (line: string) => void process.stderr.write(line) } });
const server = await startManagementServer(config, { logger });
emit('started', { linkPort: server.link.port, apiUrl: server.api.url, serverId: server.serverId, pid: process.pid });

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const statsTimer = setInterval(() => {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  emit('stats', {
    atMs: Date.now(),
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    cpuMicros: cpu.user + cpu.system,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
    sessions: server.sessions.size,
    ingest: server.ingest.stats(),
    link: server.linkStats,
  });
  loopDelay.reset();
}, Number(values['stats-ms']));

const stop = (): void => {
  clearInterval(statsTimer);
  if (values['sql-profile']) emit('sql-profile', { statements: topStatements(25) });
  void server.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
