// Heartbeat watcher: decisions (pure), storm correlation (pure), and the workload end to end on a
// real database with a FakeClock, the store-backed writer and a scripted reachability port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, newId, silentLogger, type ManagementServerId } from '@vigil/core';
import { joinAllServersPool, openPoolLeases, registerManagementServer, ALL_MANAGEMENT_SERVERS_POOL, type Database } from '@vigil/store';
import { createTestStore } from '@vigil/store/testing';
import { decideHeartbeat, HEARTBEAT_MONITOR_ID, NOT_REACHABLE_MONITOR_ID, type WatchedAgent } from '../../src/pool/heartbeat/heartbeat-decision.ts';
import { findStorms, segmentOf } from '../../src/pool/heartbeat/storm-correlator.ts';
import { createHeartbeatWorkload, STORM_RULE_ID } from '../../src/pool/heartbeat/heartbeat.workload.ts';
import { createStorePoolItemWriter } from './support/store-pool-item-writer.ts';

const T0 = Date.UTC(2026, 0, 1);

function agent(id: string, lastHeartbeatAtMs: number | null, extra: Partial<WatchedAgent> = {}): WatchedAgent {
  return {
    agentId: id, hostName: `10.1.2.${id.length}`, gatewayId: null, lastHeartbeatAtMs, heartbeatIntervalSeconds: 60, inMaintenance: false,
    healthServiceKey: `${id}-hs`, computerKey: `${id}.contoso.com`, ...extra,
  };
}

test('decisions: 4 missed heartbeats fail, recovery when heartbeats return, nothing in maintenance or before the first heartbeat', () => {
  const clock = new FakeClock(T0);
  const healthy = { heartbeat: 'healthy', reachability: 'healthy' } as const;
  const a = agent('a', clock.nowMs());
  assert.equal(decideHeartbeat(a, healthy, clock.nowMs() + 3 * 60_000 + 59_000).kind, 'none', '3 missed is still fine');
  assert.deepEqual(decideHeartbeat(a, healthy, clock.nowMs() + 4 * 60_000), { kind: 'heartbeat-failed', missed: 4 });
  assert.equal(decideHeartbeat(a, { heartbeat: 'critical', reachability: 'healthy' }, clock.nowMs() + 5 * 60_000).kind, 'recheck-reachability');
  assert.equal(decideHeartbeat(a, { heartbeat: 'critical', reachability: 'critical' }, clock.nowMs() + 5 * 60_000).kind, 'none');
  assert.equal(decideHeartbeat(agent('a', clock.nowMs() + 5 * 60_000), { heartbeat: 'critical', reachability: 'critical' }, clock.nowMs() + 5 * 60_000).kind, 'recovered');
  assert.equal(decideHeartbeat({ ...a, inMaintenance: true }, healthy, clock.nowMs() + 10 * 60_000).kind, 'none');
  assert.equal(decideHeartbeat(agent('n', null), healthy, clock.nowMs() + 10 * 60_000).kind, 'none');
  assert.equal(decideHeartbeat({ ...a, heartbeatIntervalSeconds: 10 }, healthy, clock.nowMs() + 40_000).kind, 'heartbeat-failed', 'the interval is per agent');
});

test('storm correlation: ≥ 5 agents or ≥ 50 % of a segment failing within one window is one storm per segment', () => {
  const now = T0 + 10 * 60_000;
  const failedAt = now - 4 * 60_000 - 5000; // failure moment = 5 s ago
  const gw = Array.from({ length: 6 }, (_, i) => agent(`gw${i}`, failedAt, { gatewayId: 'gw-1' }));
  const gwHealthy = Array.from({ length: 10 }, (_, i) => agent(`gh${i}`, now - 1000, { gatewayId: 'gw-1' }));
  const subnet = [agent('s1', failedAt, { hostName: '10.9.9.1' }), agent('s2', failedAt, { hostName: '10.9.9.2' }), agent('s3', now, { hostName: '10.9.9.3' })];
  const lone = [agent('l1', failedAt, { hostName: '10.7.7.1' }), ...Array.from({ length: 5 }, (_, i) => agent(`l${i + 2}`, now, { hostName: `10.7.7.${i + 2}` }))];
  const old = Array.from({ length: 6 }, (_, i) => agent(`o${i}`, now - 60 * 60_000, { gatewayId: 'gw-2' }));
  const maint = Array.from({ length: 6 }, (_, i) => agent(`m${i}`, failedAt, { gatewayId: 'gw-3', inMaintenance: true }));
  const storms = findStorms([...gw, ...gwHealthy, ...subnet, ...lone, ...old, ...maint], now, { windowMs: 15_000, minAgents: 5, minShare: 0.5 });
  assert.deepEqual(storms.map((s) => [s.segment, s.failedAgentIds.length, s.segmentSize]), [
    ['gateway:gw-1', 6, 16],
    ['subnet:10.9.9.0/24', 2, 3],
  ]);
  assert.equal(segmentOf({ gatewayId: null, hostName: 'web01.contoso.com' }), 'direct');
});

async function seedAgent(db: Database, name: string, hostName: string, lastHeartbeatAtMs: number, gatewayId: string | null, inMaintenance = 0): Promise<string> {
  const id = newId();
  await db.insertInto('agent').values({
    id, name, host_name: hostName, approval_state: 'approved', requested_at: T0, decided_at: T0, decided_by: 'test', csr_pem: null, certificate_serial: null,
    gateway_id: gatewayId, failover_json: null, heartbeat_interval_seconds: 60, last_heartbeat_at: lastHeartbeatAtMs, connected_server_id: null, high_water_seq: 0, agent_version: null,
  }).execute();
  for (const [cls, key] of [['Vigil.Core.Computer', hostName], ['Vigil.Core.HealthService', `${hostName}/health-service`]] as const) {
    await db.insertInto('monitoring_object').values({
      id: newId(), class_id: cls, object_key: key, display_name: key, host_id: null, agent_id: id, pool_id: null, properties_json: '{}',
      health_state: 'healthy', health_changed_at: T0, in_maintenance: inMaintenance, created_at: T0, updated_at: T0, deleted_at: null,
    }).execute();
  }
  return id;
}

test('heartbeat workload: heartbeat failure, unreachable computer, storm alert, recovery; nothing for a computer in maintenance [sqlite]', async () => {
  const { store, cleanup } = await createTestStore('sqlite');
  const clock = new FakeClock(T0);
  try {
    const db = store.db;
    const serverId = await registerManagementServer(db, { id: newId<ManagementServerId>(), name: 'ms-1', host: 'h', linkPort: 1, apiPort: 2, version: 't', nowMs: T0 });
    const poolId = await joinAllServersPool(db, serverId, T0);
    const leases = await openPoolLeases(db);
    const lease = await leases.renewOrAcquire(poolId, serverId, null, 600_000);
    if (lease.status === 'not-member') return assert.fail('not a member');
    const agentIds: string[] = [];
    for (let i = 1; i <= 5; i++) agentIds.push(await seedAgent(db, `agent-${i}`, `10.0.0.${i}`, T0, 'gw-1'));
    const maintId = await seedAgent(db, 'agent-m', '10.5.0.1', T0, null, 1);
    const checked: string[] = [];
    const workload = createHeartbeatWorkload({
      db, writer: createStorePoolItemWriter(db, leases), clock, logger: silentLogger(), watchIntervalMs: 60_000,
      reachability: async (host) => (checked.push(host), { reachable: host !== '10.0.0.1', method: 'icmp', message: `ping ${host}` }),
    });
    const pool = { id: poolId, name: ALL_MANAGEMENT_SERVERS_POOL };
    const keys = await workload.listKeys(pool);
    assert.ok(keys.includes(`agent:${maintId}`) && keys.includes('storm:gateway:gw-1'));
    workload.assign(pool, { fence: { poolId, serverId, epoch: lease.epoch }, keys: new Set(keys) });

    const states = async (): Promise<string[]> =>
      (await db.selectFrom('monitor_state').innerJoin('monitoring_object', 'monitoring_object.id', 'monitor_state.object_id').select(['object_key', 'monitor_id', 'state']).orderBy('object_key').orderBy('monitor_id').execute())
        .map((r) => `${r.object_key} ${r.monitor_id === HEARTBEAT_MONITOR_ID ? 'heartbeat' : r.monitor_id === NOT_REACHABLE_MONITOR_ID ? 'reachable' : r.monitor_id} ${r.state}`);

    await clock.advance(3 * 60_000);
    await settle();
    assert.deepEqual(await states(), [], 'three missed heartbeats raise nothing');
    await clock.advance(60_000);
    await settle();
    const failed = await states();
    assert.ok(failed.includes('10.0.0.1 reachable critical'));
    assert.ok(failed.includes('10.0.0.1/health-service heartbeat critical'));
    assert.ok(failed.includes('10.0.0.2/health-service heartbeat critical'));
    assert.ok(!failed.some((s) => s.startsWith('10.0.0.2 ') || s.startsWith('10.5.0.1')), `only the unreachable computer and nothing in maintenance: ${failed}`);
    assert.ok(!checked.includes('10.5.0.1'));
    const storm = await db.selectFrom('alert').selectAll().where('source_id', '=', STORM_RULE_ID).execute();
    assert.equal(storm.length, 1);
    assert.equal(storm[0]!.suppression_key, 'heartbeat-storm:gateway:gw-1');

    await clock.advance(60_000);
    await settle();
    assert.equal((await db.selectFrom('alert').selectAll().where('source_id', '=', STORM_RULE_ID).execute()).length, 1, 'one storm alert, not one per pass');
    assert.equal((await db.selectFrom('state_change').selectAll().execute()).length, 6, 'no repeated state changes');

    await db.updateTable('agent').set({ last_heartbeat_at: clock.nowMs() }).where('id', 'in', agentIds).execute();
    await clock.advance(60_000);
    await settle();
    const recovered = await states();
    assert.ok(recovered.every((s) => s.endsWith('healthy')), `all back to healthy: ${recovered}`);
    await workload.close();
  } finally {
    await cleanup();
  }
});

/** Lets the workload's database calls (real I/O) finish after a fake-clock tick. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
}
