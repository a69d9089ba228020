// Gateways the management group must not accept: one that is not approved (policy review: it waits
// in pending until approveGateway, then links), and one whose certificate comes from another CA
// (refused by the MS with the reason, and the gateway refuses that MS in turn).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { systemClock } from '@vigil/core';
import { createCertificateAuthority, createKeyAndCsr, loadCertificateAuthority, signCsr, tlsClientOptions, writeIdentityFiles, type Identity } from '@vigil/pki';
import { getManagementGroup, openStore, type Store } from '@vigil/store';
import { createTestDatabase } from '@vigil/store/testing';
import { waitUntil, type JsonLinesProcess } from '../support/json-lines-process.ts';
import { approveGateway, listGateways } from '../../apps/server/src/enrollment/gateway-approval.service.ts';
import { freePort, startGatewayProcess, startServer } from './support/gateway-scenario.ts';

test('a gateway that is not approved waits in pending; approveGateway lets it link', { timeout: 120_000 }, async () => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gateway-refusal-'));
  const processes: JsonLinesProcess[] = [];
  let store: Store | undefined;
  try {
    const ms = await startServer(database.url, dir, 'ms1', ['--approval-policy', 'review']);
    processes.push(ms.proc);
    store = await openStore(database.url);
    const gateway = startGatewayProcess(dir, 'gw-pending', ['--server', `127.0.0.1:${ms.linkPort}`, '--listen', `127.0.0.1:${await freePort()}`]);
    processes.push(gateway);
    const pending = await gateway.waitFor((l) => l.event === 'status' && l.upstream === 'pending', 30_000);
    assert.match(String(pending.problem), /waiting for approval.*vigil gateway approve gw-pending/);
    assert.deepEqual((await listGateways({ db: store.db }, { approvalState: 'pending' })).map((g) => g.name), ['gw-pending']);
    assert.equal(gateway.latest('status')?.listenPort, null, 'a gateway without a certificate serves no agents');

    const group = (await getManagementGroup(store.db))!;
    const approved = await approveGateway({ db: store.db, ca: loadCertificateAuthority({ certPem: group.caCertPem, privateKeyPem: group.caKeyPem }), clock: systemClock }, 'gw-pending', 'test-admin');
    assert.equal(approved.gateway.approvalState, 'approved');
    await gateway.waitFor((l) => l.event === 'status' && l.upstream === 'linked', 30_000);
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});

test('a gateway with a certificate from another CA is refused, and refuses that MS', { timeout: 120_000 }, async () => {
  const database = await createTestDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-gateway-foreign-'));
  const processes: JsonLinesProcess[] = [];
  try {
    const ms = await startServer(database.url, dir, 'ms1');
    processes.push(ms.proc);
    const foreignCa = await createCertificateAuthority({ groupName: 'Another Group', validityDays: 30 });
    const keyAndCsr = await createKeyAndCsr({ commonName: 'gw-foreign' });
    const issued = await signCsr(foreignCa, keyAndCsr.csrPem, { role: 'gateway', validityDays: 10 });
    const identity: Identity = { certPem: issued.certPem, privateKeyPem: keyAndCsr.privateKeyPem, caCertPem: foreignCa.certPem };
    await writeIdentityFiles(join(dir, 'gw-foreign', 'identity'), identity);

    // The MS's side: a link with that certificate gets an error frame naming the reason.
    const frame = await new Promise<string>((resolve, reject) => {
      const socket = new WebSocket(`wss://127.0.0.1:${ms.linkPort}/link`, { ...tlsClientOptions(identity), rejectUnauthorized: false });
      socket.on('message', (data: Buffer) => resolve(data.toString('utf8')));
      socket.on('error', reject);
    });
    const error = JSON.parse(frame) as { kind: string; code: string; message: string; fatal: boolean };
    assert.equal(error.kind, 'error');
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /was not issued by this management group's CA/);

    // The gateway's side: it does not trust that MS either, so it never links.
    const gateway = startGatewayProcess(dir, 'gw-foreign', ['--server', `127.0.0.1:${ms.linkPort}`, '--listen', `127.0.0.1:${await freePort()}`]);
    processes.push(gateway);
    const refused = await gateway.waitFor((l) => l.event === 'status' && typeof l.problem === 'string' && /certificate|CA/i.test(l.problem), 30_000);
    assert.notEqual(refused.upstream, 'linked');
    await waitUntil(async () => gateway.lines().filter((l) => l.event === 'status').length > 8, 10_000, 'a few status lines');
    assert.ok(gateway.lines().every((l) => l.upstream !== 'linked'), 'the foreign gateway never links');
  } finally {
    for (const p of processes.reverse()) await p.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
});
