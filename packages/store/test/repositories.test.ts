import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newId, type AgentId, type ManagementServerId, type ManagementGroupId } from '@vigil/core';
import {
  insertManagementGroup, getManagementGroup, setApprovalPolicy,
  registerManagementServer, listManagementServers, markServerStopped,
  joinAllServersPool, listPools, createPool, addPoolMember, removePoolMember, ALL_MANAGEMENT_SERVERS_POOL,
  insertAgent, findAgentByName, listAgents, decideAgent, recordAgentHeartbeat, recordAgentHeartbeats, setAgentHighWaterMarks, setAgentFailover,
  recordCertificate, revokeCertificate, listRevokedSerials,
  createUser, findUserByName, createRole, assignRole, rolesOfUser, countUsers,
  appendAudit, listAudit,
} from '@vigil/store';
import { forEachDialect } from './dialects.ts';

const T0 = 1_767_225_600_000;

forEachDialect('management group and servers', (ctx) => {
  test('the group is created once and its approval policy can change', async () => {
    const { db } = ctx.store;
    assert.equal(await getManagementGroup(db), undefined);
    const id = newId<ManagementGroupId>();
    await insertManagementGroup(db, { id, name: 'Contoso', createdAtMs: T0, approvalPolicy: 'reject', caCertPem: 'CERT', caKeyPem: 'KEY' });
    await setApprovalPolicy(db, 'review');
    const group = await getManagementGroup(db);
    assert.equal(group?.name, 'Contoso');
    assert.equal(group?.approvalPolicy, 'review');
    assert.equal(group?.createdAtMs, T0);
    assert.equal(typeof group?.createdAtMs, 'number', 'bigint columns come back as numbers');
  });

  test('a server keeps its id across restarts and joins the All Management Servers pool', async () => {
    const { db } = ctx.store;
    const registration = { id: newId<ManagementServerId>(), name: 'ms1', host: '127.0.0.1', linkPort: 5723, apiPort: 5724, version: '0.1.0', nowMs: T0 };
    const first = await registerManagementServer(db, registration);
    await markServerStopped(db, first, T0 + 10);
    const second = await registerManagementServer(db, { ...registration, id: newId<ManagementServerId>(), nowMs: T0 + 20 });
    assert.equal(second, first);
    const [server] = await listManagementServers(db);
    assert.equal(server?.stoppedAtMs, null);
    assert.equal(server?.startedAtMs, T0 + 20);

    const poolId = await joinAllServersPool(db, first, T0);
    assert.equal(await joinAllServersPool(db, first, T0), poolId, 'joining twice changes nothing');
    const manual = await createPool(db, 'Network Devices', 'manual', T0);
    await addPoolMember(db, manual, first, T0);
    await removePoolMember(db, manual, first);
    const pools = await listPools(db);
    assert.deepEqual(pools.map((p) => [p.name, p.kind, p.memberIds.length]), [[ALL_MANAGEMENT_SERVERS_POOL, 'automatic', 1], ['Network Devices', 'manual', 0]]);
  });
});

forEachDialect('agents and certificates', (ctx) => {
  test('pending agents are listed, decided, and record heartbeats and failover lists', async () => {
    const { db } = ctx.store;
    const id = newId<AgentId>();
    await insertAgent(db, { id, name: 'web01', hostName: 'web01.example', csrPem: 'CSR', approvalState: 'pending', nowMs: T0, decidedBy: null });
    await insertAgent(db, { id: newId<AgentId>(), name: 'db01', hostName: 'db01.example', csrPem: 'CSR', approvalState: 'approved', nowMs: T0, decidedBy: 'join-token' });
    assert.deepEqual((await listAgents(db, { approvalState: 'pending' })).map((a) => a.name), ['web01']);
    assert.equal(await decideAgent(db, id, 'approved', 'admin', T0 + 5), true);
    assert.equal(await decideAgent(db, newId<AgentId>(), 'approved', 'admin', T0), false);
    const serverId = newId<ManagementServerId>();
    await recordAgentHeartbeat(db, id, serverId, T0 + 60_000);
    await setAgentFailover(db, id, ['ms2:5723', 'ms3:5723']);
    const agent = await findAgentByName(db, 'web01');
    assert.equal(agent?.approvalState, 'approved');
    assert.equal(agent?.decidedBy, 'admin');
    assert.equal(agent?.lastHeartbeatAtMs, T0 + 60_000);
    assert.equal(agent?.connectedServerId, serverId);
    assert.deepEqual(agent?.failoverServers, ['ms2:5723', 'ms3:5723']);
    assert.equal(agent?.highWaterSeq, 0);
  });

  test('heartbeats and high-water marks of many agents are written together, each agent its own value', async () => {
    const { db } = ctx.store;
    const ids = Array.from({ length: 1203 }, () => newId<AgentId>());
    for (const [i, id] of ids.entries()) {
      await insertAgent(db, { id, name: `bulk${String(i).padStart(4, '0')}`, hostName: 'h', csrPem: 'CSR', approvalState: 'approved', nowMs: T0, decidedBy: 'test' });
    }
    const serverId = newId<ManagementServerId>();
    const untouched = ids.pop()!;
    await recordAgentHeartbeats(db, serverId, ids.map((id, i) => [id, T0 + i] as const));
    await setAgentHighWaterMarks(db, ids.map((id, i) => [id, 5_000_000_000 + i] as const));
    const rows = await listAgents(db, { approvalState: 'approved' });
    for (const [i, id] of ids.entries()) {
      const agent = rows.find((a) => a.id === id)!;
      assert.deepEqual([agent.lastHeartbeatAtMs, agent.connectedServerId, agent.highWaterSeq], [T0 + i, serverId, 5_000_000_000 + i]);
    }
    const other = rows.find((a) => a.id === untouched)!;
    assert.deepEqual([other.lastHeartbeatAtMs, other.highWaterSeq], [null, 0], 'an agent not in the list is left alone');
  });

  test('revoked certificates are listed; revoking an unknown serial says so', async () => {
    const { db } = ctx.store;
    const base = { subject: 'CN=web01', role: 'agent' as const, ownerId: 'a', issuedAtMs: T0, expiresAtMs: T0 + 1e10, certificatePem: 'PEM' };
    await recordCertificate(db, { ...base, serial: '0a' });
    await recordCertificate(db, { ...base, serial: '0b' });
    assert.equal(await revokeCertificate(db, '0a', 'key compromised', T0 + 1), true);
    assert.equal(await revokeCertificate(db, '0a', 'again', T0 + 2), true);
    assert.equal(await revokeCertificate(db, 'ff', 'unknown', T0), false);
    assert.deepEqual([...(await listRevokedSerials(db))], ['0a']);
  });
});

forEachDialect('users, roles and audit log', (ctx) => {
  test('users get roles with scopes', async () => {
    const { db } = ctx.store;
    const userId = await createUser(db, { name: 'alice', displayName: 'Alice', passwordHash: 'scrypt$...', nowMs: T0 });
    const roleId = await createRole(db, { name: 'Linux operators', profile: 'operator', scope: { groups: ['linux-servers'] }, nowMs: T0 });
    await assignRole(db, userId, roleId);
    await assignRole(db, userId, roleId);
    assert.equal(await countUsers(db), 1);
    assert.equal((await findUserByName(db, 'alice'))?.displayName, 'Alice');
    assert.deepEqual(await rolesOfUser(db, userId), [{ id: roleId, name: 'Linux operators', profile: 'operator', scope: { groups: ['linux-servers'] } }]);
  });

  test('audit entries come back newest first with their details', async () => {
    const { db } = ctx.store;
    for (let i = 0; i < 3; i++) {
      await appendAudit(db, { atMs: T0 + i, userId: null, userName: 'admin', action: 'agent.approve', targetKind: 'agent', targetId: `a${i}`, detail: { i }, sourceAddress: '127.0.0.1' });
    }
    const entries = await listAudit(db, { limit: 2 });
    assert.deepEqual(entries.map((e) => e.targetId), ['a2', 'a1']);
    assert.deepEqual(entries[0]?.detail, { i: 2 });
    assert.deepEqual((await listAudit(db, { limit: 10, beforeMs: T0 + 1 })).map((e) => e.targetId), ['a0']);
  });
});
