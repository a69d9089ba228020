// The management server's view of imported packs: loaded from the database, rebuilt when this
// server imports a pack or notices (by polling a fingerprint) that another server did. Monitor
// alert rules read through it, so ingest always uses the current packs.
import { parsePack, type Logger, type Override } from '@vigil/core';
import { listOverrides, listStoredPacks, packsFingerprint, type Database } from '@vigil/store';
import { buildPackCatalogue, type PackCatalogue } from './pack-catalogue.ts';
import { layeredMonitorRules, type MonitorRules } from '../health/monitor-rules.ts';
import { BUILT_IN_MONITOR_RULES } from '../health/built-in-monitor-rules.ts';

export interface PackLibrary {
  current(): PackCatalogue;
  overrides(): readonly Override[];
  /** Monitor alert rules of the current packs, over the built-in ones. */
  readonly monitorRules: MonitorRules;
  /** Reloads from the database; returns true when something changed. */
  reload(): Promise<boolean>;
  /** Reloads if the imported packs changed since the last load. */
  refreshIfChanged(): Promise<boolean>;
}

export async function loadPackLibrary(db: Database, logger: Logger): Promise<PackLibrary> {
  let catalogue = buildPackCatalogue([]);
  let overrides: Override[] = [];
  let fingerprint = '';
  const catalogueRules: MonitorRules = { alertSettings: (id) => catalogue.monitorRules.alertSettings(id) };

  const reload = async (): Promise<boolean> => {
    const next = await packsFingerprint(db);
    const stored = await listStoredPacks(db);
    const documents = stored.flatMap((pack) => {
      const parsed = parsePack(pack.content, `${pack.name}.pack.yaml`);
      if (parsed.status === 'parsed') return [parsed.pack.document];
      logger.error({ pack: pack.name }, 'a stored management pack no longer parses; it is ignored until re-imported');
      return [];
    });
    catalogue = buildPackCatalogue(documents);
    overrides = (await listOverrides(db)).map((o) => ({
      id: o.id,
      workflowId: o.workflowId,
      parameter: o.parameter,
      value: o.value,
      enforced: o.enforced,
      packId: o.packName,
      target:
        o.contextKind === 'class' ? { kind: 'class', classId: o.contextId } : o.contextKind === 'group' ? { kind: 'group', groupId: o.contextId } : { kind: 'instance', objectId: o.contextId },
    }));
    const changed = next !== fingerprint;
    fingerprint = next;
    return changed;
  };
  await reload();
  return {
    current: () => catalogue,
    overrides: () => overrides,
    monitorRules: layeredMonitorRules(catalogueRules, BUILT_IN_MONITOR_RULES),
    reload,
    async refreshIfChanged() {
      return (await packsFingerprint(db)) === fingerprint ? false : reload();
    },
  };
}
