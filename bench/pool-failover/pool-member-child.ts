// One management server's resource-pool machinery in its own process, with the default lease
// settings of the server configuration (renew 2 s, valid 10 s, settle 3 × valid), so the pool
// failover benchmark can kill -9 a member. The management server process does not yet give its
// pool a PoolItemWriter (so it runs no agentless probes); this child uses the store-backed,
// fenced writer the pool tests use. Prints {"event":"ready","serverId"}.
// Usage: node pool-member-child.ts --db URL --name NAME
import { parseArgs } from 'node:util';
import { createLogger, loadConfig, newId, systemClock, type ManagementServerId } from '@vigil/core';
import { joinAllServersPool, openPoolLeases, openStore, registerManagementServer } from '@vigil/store';
import { serverConfigDefinition } from '@vigil/server';
import { startPoolWork } from '../../apps/server/src/pool/start-pool-work.ts';
import { createStorePoolItemWriter } from '../../apps/server/test/pool/support/store-pool-item-writer.ts';
import { emit } from '../support/json-lines-process.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, name: { type: 'string' } } });
if (!values.db || !values.name) {
  console.error('usage: pool-member-child.ts --db URL --name NAME');
  process.exit(2);
}
const defaults = loadConfig(serverConfigDefinition, { flags: {} });
const logger = createLogger({ role: 'pool-member', level: 'warn', bindings: { server: values.name }, destination: process.stderr });
const store = await openStore(values.db);
const clock = systemClock;
const serverId = await registerManagementServer(store.db, {
  id: newId<ManagementServerId>(clock.nowMs()), name: values.name, host: '127.0.0.1', linkPort: 0, apiPort: 0, version: 'bench', nowMs: clock.nowMs(),
});
await joinAllServersPool(store.db, serverId, clock.nowMs());
const work = await startPoolWork({
  db: store.db, serverId, serverName: values.name, clock, logger,
  writer: createStorePoolItemWriter(store.db, await openPoolLeases(store.db)),
  timing: { leaseRenewMs: defaults.leaseRenewMs, leaseValidMs: defaults.leaseValidMs },
});
emit('ready', { serverId, leaseRenewMs: defaults.leaseRenewMs, leaseValidMs: defaults.leaseValidMs, settleMs: work.settings.settleMs });

const shutdown = async (): Promise<void> => {
  await work.stop();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
