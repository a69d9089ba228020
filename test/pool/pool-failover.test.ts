// Resource-pool failover across real processes: three pool members on PostgreSQL (each behind its
// own TCP proxy, so one can be cut off from the database) and two on a shared SQLite file probe
// local HTTP targets. Counting the requests at the targets proves that a crashed member's objects
// are probed again within lease validity + one probe interval, that a member cut off from the
// database stops before its lease can expire elsewhere, that no target is probed by two members
// at once and that none is left unprobed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { newId } from '@vigil/core';
import { ALL_MANAGEMENT_SERVERS_POOL, createPool, migrateToLatest, openStore, type Database } from '@vigil/store';
import { createTestDatabase, type DialectName } from '@vigil/store/testing';
import { startMember, type MemberProcess, type MemberTiming } from './support/member-process.ts';
import { firstProbeByOther, lastProber, overlaps, startProbeTargets, type ProbeTargets } from './support/probe-targets.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

const TIMING: MemberTiming = { renewMs: 300, validMs: 2000, settleMs: 1000 };
const PROBE_INTERVAL_MS = 1000;
const TARGETS = 24;

async function seedTargets(db: Database, targets: ProbeTargets): Promise<void> {
  const poolId = await createPool(db, ALL_MANAGEMENT_SERVERS_POOL, 'automatic', Date.now());
  for (let i = 0; i < TARGETS; i++) {
    const now = Date.now();
    await db.insertInto('monitoring_object').values({
      id: newId(now), class_id: 'Test.WebSite', object_key: `site-${i}`, display_name: `Site ${i}`, host_id: null, agent_id: null, pool_id: poolId,
      properties_json: JSON.stringify({ probes: [{ name: 'web', probe: 'http', config: { url: targets.urlOf(i), timeoutMs: 500 }, intervalSeconds: PROBE_INTERVAL_MS / 1000 }] }),
      health_state: 'unknown', health_changed_at: now, in_maintenance: 0, created_at: now, updated_at: now, deleted_at: null,
    }).execute();
  }
}

/** Waits until every target was probed in the last `windowMs`. */
async function waitAllProbed(targets: ProbeTargets, windowMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const since = Date.now() - windowMs;
    const probed = new Set(targets.hits.filter((h) => h.atMs >= since).map((h) => h.target));
    if (probed.size === TARGETS) return;
    if (Date.now() > deadline) assert.fail(`only ${probed.size} of ${TARGETS} targets probed in the last ${windowMs} ms`);
    await sleep(100);
  }
}

function ownersAt(targets: ProbeTargets, atMs: number): Map<number, string> {
  const owners = new Map<number, string>();
  for (let i = 0; i < TARGETS; i++) owners.set(i, lastProber(targets.hits, i, atMs) ?? '');
  return owners;
}

/** Kills `victim` and returns the slowest time until another member probed one of its targets. */
async function killAndMeasure(targets: ProbeTargets, victim: MemberProcess): Promise<{ maxFailoverMs: number; moved: number }> {
  const killedAt = Date.now();
  await victim.kill('SIGKILL');
  const owned = [...ownersAt(targets, killedAt)].filter(([, m]) => m === victim.name).map(([t]) => t);
  assert.ok(owned.length > 0, `${victim.name} owned no targets`);
  await sleep(TIMING.validMs + PROBE_INTERVAL_MS + 1500);
  let maxFailoverMs = 0;
  for (const target of owned) {
    const next = firstProbeByOther(targets.hits, target, victim.name, killedAt);
    assert.ok(next, `target ${target} of ${victim.name} was never probed again`);
    maxFailoverMs = Math.max(maxFailoverMs, next.atMs - killedAt);
  }
  return { maxFailoverMs, moved: owned.length };
}

async function withPool(dialect: DialectName, members: number, body: (ctx: { targets: ProbeTargets; processes: MemberProcess[]; proxies: TcpProxy[] }) => Promise<void>): Promise<void> {
  const database = await createTestDatabase(dialect);
  const store = await openStore(database.url);
  const targets = await startProbeTargets();
  const proxies: TcpProxy[] = [];
  const processes: MemberProcess[] = [];
  try {
    await migrateToLatest(store.db);
    await seedTargets(store.db, targets);
    for (let i = 1; i <= members; i++) {
      let url = database.url;
      if (dialect === 'postgres') {
        const pgUrl = new URL(database.url);
        const proxy = await startTcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
        proxies.push(proxy);
        pgUrl.port = String(proxy.port);
        url = pgUrl.toString();
      }
      processes.push(startMember(url, `ms-${i}`, TIMING));
    }
    await Promise.all(processes.map((p) => p.serverId));
    await waitAllProbed(targets, PROBE_INTERVAL_MS + 500, 20_000);
    await body({ targets, processes, proxies });
  } catch (error) {
    for (const p of processes) console.error(`--- ${p.name} log ---\n${p.logs().slice(-4000)}`);
    throw error;
  } finally {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await Promise.all(proxies.map((p) => p.close()));
    await targets.close();
    await store.close();
    await database.drop();
  }
}

test('PostgreSQL, three members: kill -9 moves only the dead member\'s targets within lease validity + one probe interval; a member cut off from the database stops before its lease expires elsewhere; no target probed twice at once or left unprobed', { timeout: 90_000 }, async () => {
  await withPool('postgres', 3, async ({ targets, processes, proxies }) => {
    await sleep(2000);
    const steady = ownersAt(targets, Date.now());
    const byMember = (name: string): number => [...steady.values()].filter((m) => m === name).length;
    console.log(`steady ownership: ${processes.map((p) => `${p.name}=${byMember(p.name)}`).join(' ')}`);
    const [victim, cut, survivor] = [...processes].sort((a, b) => byMember(b.name) - byMember(a.name));

    const beforeKill = ownersAt(targets, Date.now());
    const killed = await killAndMeasure(targets, victim!);
    console.log(`kill -9 ${victim!.name}: ${killed.moved} targets moved, slowest failover ${killed.maxFailoverMs} ms (bound ${TIMING.validMs + PROBE_INTERVAL_MS} ms)`);
    assert.ok(killed.maxFailoverMs <= TIMING.validMs + PROBE_INTERVAL_MS, `failover took ${killed.maxFailoverMs} ms`);
    const afterKill = ownersAt(targets, Date.now());
    for (const [target, owner] of beforeKill) {
      if (owner !== victim!.name) assert.equal(afterKill.get(target), owner, `target ${target} moved although its owner ${owner} is alive`);
    }

    const cutTargets = [...afterKill].filter(([, m]) => m === cut!.name).map(([t]) => t);
    const cutAt = Date.now();
    proxies[processes.indexOf(cut!)]!.cut();
    await sleep(TIMING.validMs + PROBE_INTERVAL_MS + 1500);
    let maxTakeoverMs = 0;
    for (const target of cutTargets) {
      const lastByCut = targets.hits.filter((h) => h.target === target && h.member === cut!.name).at(-1)!;
      const next = firstProbeByOther(targets.hits, target, cut!.name, cutAt);
      assert.ok(next, `target ${target} was never taken over from the cut-off member`);
      assert.ok(lastByCut.atMs < next.atMs, `target ${target}: cut-off member probed at ${lastByCut.atMs}, after ${next.member} started at ${next.atMs}`);
      assert.ok(lastByCut.atMs - cutAt < TIMING.validMs, `cut-off member kept probing ${lastByCut.atMs - cutAt} ms after the cut`);
      maxTakeoverMs = Math.max(maxTakeoverMs, next.atMs - cutAt);
    }
    console.log(`cut ${cut!.name} from the database: ${cutTargets.length} targets taken over by ${survivor!.name}, slowest after ${maxTakeoverMs} ms`);

    await waitAllProbed(targets, PROBE_INTERVAL_MS + 500, 5000);
    const problems = overlaps(targets.hits, PROBE_INTERVAL_MS * 1.5);
    assert.deepEqual(problems, [], 'no target is probed by two members at once');
  });
});

test('SQLite shared file, two members: kill -9 of one moves its targets to the other within lease validity + one probe interval, never probed twice at once', { timeout: 60_000 }, async () => {
  await withPool('sqlite', 2, async ({ targets, processes }) => {
    await sleep(2000);
    const steady = ownersAt(targets, Date.now());
    const victim = processes.find((p) => [...steady.values()].includes(p.name))!;
    const killed = await killAndMeasure(targets, victim);
    console.log(`sqlite kill -9 ${victim.name}: ${killed.moved} targets moved, slowest failover ${killed.maxFailoverMs} ms`);
    assert.ok(killed.maxFailoverMs <= TIMING.validMs + PROBE_INTERVAL_MS, `failover took ${killed.maxFailoverMs} ms`);
    await waitAllProbed(targets, PROBE_INTERVAL_MS + 500, 5000);
    assert.deepEqual(overlaps(targets.hits, PROBE_INTERVAL_MS * 1.5), []);
  });
});
