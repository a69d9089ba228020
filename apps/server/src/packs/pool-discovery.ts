// Pool discovery: the management servers' own discovery of agentless objects. Every enabled
// `runsOn: pool` discovery with a `kind: targets` source lists its targets (overrides applied,
// with the discovery's target class as context); each target becomes an object of the discovered
// class owned by the named pool (pool_id), hosted by nothing, and a target no longer listed
// removes its object. Each pool-discovered object then gets its compiled probe definitions
// (pool-config-compiler.ts) in properties_json "probes", where the probe workload reads them.
//
// Deterministic and idempotent: every server may run it (at start, after a pack import, when it
// notices another server's import, and every interval); unchanged objects are not written.
import { effectiveParameter, mapItemProperties, targetItems, type Clock, type DiscoveryDefinition, type Logger, type ObjectId, type PoolId, type TargetsSource } from '@vigil/core';
import { ALL_MANAGEMENT_SERVERS_POOL, upsertMonitoringObject, type Database } from '@vigil/store';
import { recomputeMembershipsOfObjects } from '../groups/group-membership.ts';
import { validateProbe } from '../probes/probe-registry.ts';
import type { PackCatalogue } from './pack-catalogue.ts';
import type { PackLibrary } from './pack-library.ts';
import { compilePoolProbes } from './pool-config-compiler.ts';

export interface PoolDiscoveryContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly packs: PackLibrary;
}

export interface PoolSyncResult {
  /** Objects created, revived or changed by discovery. */
  readonly written: number;
  readonly removed: number;
  /** Objects whose compiled probes changed. */
  readonly compiled: number;
  /** Targets or probes left out, as sentences (also logged). */
  readonly problems: readonly string[];
}

/** Discovery target keys of pool discoveries: `pool:<pool name>`. */
const TARGET_KEY_PREFIX = 'pool:';
const DEFAULT_INTERVAL_MS = 300_000;

interface DesiredObject {
  readonly classId: string;
  readonly objectKey: string;
  readonly displayName: string;
  readonly properties: Record<string, unknown>;
  readonly poolId: PoolId;
  readonly discovery: { readonly id: string; readonly targetKey: string };
}

const inFlight = new WeakMap<Database, Promise<unknown>>();

/** Runs pool discovery and compiles probes; calls on one database run one after another. Never throws for bad targets. */
export function syncPoolObjects(context: PoolDiscoveryContext): Promise<PoolSyncResult> {
  const previous = inFlight.get(context.db) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => runSync(context));
  inFlight.set(context.db, next);
  return next;
}

/** How often servers re-run pool discovery: the shortest `intervalSeconds` of a targets discovery, else 5 minutes. */
export function poolDiscoveryIntervalMs(catalogue: PackCatalogue): number {
  const intervals = poolDiscoveries(catalogue).flatMap((d) => (d.source.intervalSeconds === undefined ? [] : [d.source.intervalSeconds * 1000]));
  return Math.min(DEFAULT_INTERVAL_MS, ...intervals);
}

export interface PoolDiscoveryRunner {
  /** Runs pool discovery now (at server start). */
  run(): Promise<PoolSyncResult>;
  /** Called periodically: runs when the packs changed (another server imported) or the interval has passed. */
  tick(packsChanged: boolean): Promise<void>;
}

/** What a management server keeps to run pool discovery at start, on pack changes and every interval. */
export function createPoolDiscoveryRunner(context: PoolDiscoveryContext): PoolDiscoveryRunner {
  let lastRunMs = Number.NEGATIVE_INFINITY;
  const run = async (): Promise<PoolSyncResult> => {
    lastRunMs = context.clock.nowMs();
    return syncPoolObjects(context);
  };
  return {
    run,
    async tick(packsChanged) {
      if (packsChanged || context.clock.nowMs() - lastRunMs >= poolDiscoveryIntervalMs(context.packs.current())) await run();
    },
  };
}

async function runSync(context: PoolDiscoveryContext): Promise<PoolSyncResult> {
  const { db, clock } = context;
  const catalogue = context.packs.current();
  const overrides = context.packs.overrides();
  const problems: string[] = [];
  const pools = new Map((await db.selectFrom('resource_pool').select(['id', 'name']).execute()).map((p) => [p.name, p.id as PoolId]));

  const desired = new Map<string, DesiredObject>();
  /** `<discovery id>\0<target key>` of discoveries whose objects are kept even if not listed (their pool is missing). */
  const keepAll = new Set<string>();
  for (const discovery of poolDiscoveries(catalogue)) {
    const subject = { objectId: '', classChain: catalogue.classChain(discovery.target), groupIds: [] };
    const parameter = (name: string, defaultValue: unknown): unknown => {
      const result = effectiveParameter({ overrides, workflowId: discovery.id, parameter: name, subject, defaultValue });
      return result.kind === 'overridden' ? result.value : defaultValue;
    };
    if (parameter('enabled', true) !== true) continue;
    const items = targetItems(parameter('targets', discovery.source.targets), parameter('defaults', discovery.source.defaults ?? {}));
    const poolName = String(parameter('pool', discovery.source.pool ?? ALL_MANAGEMENT_SERVERS_POOL));
    const targetKey = `${TARGET_KEY_PREFIX}${poolName}`;
    const poolId = pools.get(poolName);
    if (poolId === undefined) {
      if (items.length > 0) problems.push(`Discovery ${discovery.id} names resource pool "${poolName}", which does not exist (yet); its objects are kept as they are.`);
      keepAll.add(`${discovery.id}\u0000${targetKey}`);
      continue;
    }
    const classId = discovery.discovers.class;
    const keyProperties = catalogue.keyProperties(classId);
    for (const item of items) {
      const properties = mapItemProperties(discovery.discovers.properties, item);
      const keyValues = keyProperties.map((name) => properties[name]);
      if (keyValues.length === 0 || keyValues.some((value) => value === undefined || value === '')) {
        problems.push(`Discovery ${discovery.id}: target ${JSON.stringify(item)} gives no value for key ${keyProperties.join(', ')}; it is left out.`);
        continue;
      }
      const objectKey = `${classId}:${keyValues.join('/')}`;
      const displayName = typeof properties['DisplayName'] === 'string' ? properties['DisplayName'] : keyValues.join('/');
      desired.set(objectKey, { classId, objectKey, displayName, properties, poolId, discovery: { id: discovery.id, targetKey } });
    }
  }

  const touched: ObjectId[] = [];
  for (const object of desired.values()) {
    const id = await writeIfChanged(db, object, clock.nowMs());
    if (id !== undefined) touched.push(id);
  }
  const removed = await removeUnlisted(db, desired, keepAll, clock.nowMs());
  if (touched.length > 0 || removed.length > 0) await recomputeMembershipsOfObjects({ db, clock }, [...touched, ...removed]);
  const compiled = await compileAll(context, catalogue, overrides, problems);

  for (const problem of problems) context.logger.warn({ problem }, 'pool discovery left something out');
  if (touched.length > 0 || removed.length > 0 || compiled > 0) context.logger.info({ written: touched.length, removed: removed.length, compiled }, 'pool objects discovered');
  return { written: touched.length, removed: removed.length, compiled, problems };
}

function poolDiscoveries(catalogue: PackCatalogue): (DiscoveryDefinition & { readonly source: TargetsSource })[] {
  return catalogue.packs
    .flatMap((pack) => pack.discoveries ?? [])
    .filter((d): d is DiscoveryDefinition & { source: TargetsSource } => d.enabled !== false && d.runsOn === 'pool' && d.source.kind === 'targets');
}

/** Upserts the object unless it already has these values; keeps its compiled probes. Returns its id when written. */
async function writeIfChanged(db: Database, object: DesiredObject, nowMs: number): Promise<ObjectId | undefined> {
  const existing = await db
    .selectFrom('monitoring_object')
    .select(['id', 'display_name', 'properties_json', 'pool_id', 'host_id', 'deleted_at', 'discovery_id', 'discovery_target_key'])
    .where('class_id', '=', object.classId)
    .where('object_key', '=', object.objectKey)
    .executeTakeFirst();
  const stored = existing ? (JSON.parse(existing.properties_json) as Record<string, unknown>) : {};
  const { probes, ...storedProperties } = stored;
  if (
    existing && existing.deleted_at === null && existing.pool_id === object.poolId && existing.host_id === null && existing.display_name === object.displayName &&
    existing.discovery_id === object.discovery.id && existing.discovery_target_key === object.discovery.targetKey &&
    JSON.stringify(storedProperties) === JSON.stringify(object.properties)
  ) {
    return undefined;
  }
  const record = {
    classId: object.classId, objectKey: object.objectKey, displayName: object.displayName, hostId: null, agentId: null, poolId: object.poolId,
    properties: probes === undefined ? object.properties : { ...object.properties, probes }, discovery: object.discovery, nowMs,
  };
  try {
    return await upsertMonitoringObject(db, record);
  } catch {
    // Another server inserted the same object between our read and insert: update it instead.
    return upsertMonitoringObject(db, record);
  }
}

/** Marks deleted every pool-discovered object no discovery lists any more. Returns their ids. */
async function removeUnlisted(db: Database, desired: ReadonlyMap<string, DesiredObject>, keepAll: ReadonlySet<string>, nowMs: number): Promise<ObjectId[]> {
  const rows = await db
    .selectFrom('monitoring_object')
    .select(['id', 'object_key', 'discovery_id', 'discovery_target_key'])
    .where('discovery_target_key', 'like', `${TARGET_KEY_PREFIX}%`)
    .where('deleted_at', 'is', null)
    .execute();
  const gone = rows
    .filter((r) => !keepAll.has(`${r.discovery_id}\u0000${r.discovery_target_key}`))
    .filter((r) => {
      const wanted = desired.get(r.object_key);
      return wanted === undefined || wanted.discovery.id !== r.discovery_id || wanted.discovery.targetKey !== r.discovery_target_key;
    })
    .map((r) => r.id as ObjectId);
  if (gone.length > 0) await db.updateTable('monitoring_object').set({ deleted_at: nowMs, updated_at: nowMs }).where('id', 'in', gone).execute();
  return gone;
}

/** Writes each live pool-discovered object's compiled probes where they changed. Returns how many changed. */
async function compileAll(context: PoolDiscoveryContext, catalogue: PackCatalogue, overrides: ReturnType<PackLibrary['overrides']>, problems: string[]): Promise<number> {
  const { db } = context;
  const rows = await db
    .selectFrom('monitoring_object')
    .select(['id', 'class_id', 'object_key', 'properties_json'])
    .where('discovery_target_key', 'like', `${TARGET_KEY_PREFIX}%`)
    .where('deleted_at', 'is', null)
    .orderBy('object_key')
    .execute();
  if (rows.length === 0) return 0;
  const memberships = await db.selectFrom('group_member').select(['group_id', 'object_id']).where('object_id', 'in', rows.map((r) => r.id)).execute();
  let changed = 0;
  for (const row of rows) {
    const { probes: before, ...properties } = JSON.parse(row.properties_json) as Record<string, unknown>;
    const groupIds = memberships.filter((m) => m.object_id === row.id).map((m) => m.group_id);
    const compiled = compilePoolProbes(catalogue, { id: row.id, classId: row.class_id, objectKey: row.object_key, properties, groupIds }, overrides, validateProbe);
    problems.push(...compiled.problems);
    if (JSON.stringify(before ?? []) === JSON.stringify(compiled.probes)) continue;
    await db
      .updateTable('monitoring_object')
      .set({ properties_json: JSON.stringify({ ...properties, probes: compiled.probes }), updated_at: context.clock.nowMs() })
      .where('id', '=', row.id)
      .execute();
    changed++;
  }
  return changed;
}
