// One management server's override writes, run as its own process by the multi-server test:
// opens the database at argv[2], sets the CPU monitor's `critical` on every instance id in
// argv[3] (a JSON array) at once, prints the pack versions answered (JSON) and exits.
import { silentLogger, systemClock, type ObjectId } from '@vigil/core';
import { openStore } from '@vigil/store';
import { loadPackLibrary } from '../../../src/packs/pack-library.ts';
import { setOverride } from '../../../src/overrides/override-pack.service.ts';
import { CPU_MONITOR } from '../../api/monitoring-fixtures.ts';

const [url, idsJson] = process.argv.slice(2);
const store = await openStore(url!);
try {
  const context = { db: store.db, clock: systemClock, logger: silentLogger(), packs: await loadPackLibrary(store.db, silentLogger()), trustedPublicKeys: [] };
  const ids = JSON.parse(idsJson!) as ObjectId[];
  const outcomes = await Promise.all(ids.map((id) => setOverride(context, { workflowId: CPU_MONITOR, parameter: 'critical', value: 90, context: { kind: 'instance', id } }, 'writer')));
  process.stdout.write(JSON.stringify(outcomes.map((o) => o.packVersion)));
} finally {
  await store.close();
}
