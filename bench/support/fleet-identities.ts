// Identities for simulated agents, issued up front. Signing tens of thousands of certificates
// takes minutes (≈5 ms each here), so they are issued once by a benchmark CA and kept in a cache
// file; each run seeds its fresh database with that CA as the management group's CA and provisions
// the agents directly (agent row approved, certificate recorded, as approveAgent leaves them).
// Every agent has its own certificate and CN; key pairs come from a small pool (generating one
// key per agent would dominate setup and tells nothing about the management server).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId, type AgentId, type ManagementGroupId } from '@vigil/core';
import { createCertificateAuthority, createKeyPair, issueCertificate, loadCertificateAuthority, type KeyPairPems } from '@vigil/pki';
import { bulkInsert, getManagementGroup, insertManagementGroup, migrateToLatest, type Database, type OperationalDatabase } from '@vigil/store';

export const BENCH_GROUP_NAME = 'Vigil Bench';
const KEY_POOL_SIZE = 16;
const CERTIFICATE_VALIDITY_DAYS = 3000;

export interface FleetAgentIdentity {
  readonly name: string;
  readonly serial: string;
  readonly certPem: string;
  readonly keyIndex: number;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
}

export interface FleetIdentities {
  readonly caCertPem: string;
  readonly caKeyPem: string;
  readonly keys: readonly KeyPairPems[];
  readonly agents: readonly FleetAgentIdentity[];
}

export function fleetCachePath(): string {
  return join(process.env.VIGIL_BENCH_CACHE ?? join(tmpdir(), 'vigil-bench-cache'), 'fleet-identities.json');
}

export function agentName(index: number): string {
  return `fleet-${String(index).padStart(6, '0')}`;
}

export function readFleetIdentities(path = fleetCachePath()): FleetIdentities {
  return JSON.parse(readFileSync(path, 'utf8')) as FleetIdentities;
}

/**
 * Makes sure the cache holds at least `count` agent identities, issuing the missing ones
 * (first use on a machine: about 5 ms per agent). Returns the cache path.
 */
export async function ensureFleetIdentities(count: number, log: (line: string) => void = () => {}): Promise<string> {
  const path = fleetCachePath();
  // Benchmarks run side by side (the smoke test runs two at once): without the lock both would
  // create a CA and the second rename would leave the first run with certificates of another CA.
  return withCacheLock(path, () => fillCache(path, count, log));
}

const STALE_LOCK_MS = 15 * 60_000;

async function withCacheLock<T>(path: string, body: () => Promise<T>): Promise<T> {
  mkdirSync(join(path, '..'), { recursive: true });
  const lock = `${path}.lock`;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A run killed while issuing leaves its lock behind; issuing never takes this long.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_LOCK_MS) unlinkSync(lock);
      await sleep(100);
    }
  }
  try {
    return await body();
  } finally {
    unlinkSync(lock);
  }
}

async function fillCache(path: string, count: number, log: (line: string) => void): Promise<string> {
  let identities: FleetIdentities | undefined = existsSync(path) ? readFleetIdentities(path) : undefined;
  if (identities && identities.agents.length >= count) return path;
  if (!identities) {
    const ca = await createCertificateAuthority({ groupName: BENCH_GROUP_NAME, validityDays: 3650 });
    const keys: KeyPairPems[] = [];
    for (let i = 0; i < KEY_POOL_SIZE; i++) keys.push(await createKeyPair());
    identities = { caCertPem: ca.certPem, caKeyPem: ca.privateKeyPem, keys, agents: [] };
  }
  const ca = loadCertificateAuthority({ certPem: identities.caCertPem, privateKeyPem: identities.caKeyPem });
  const agents = [...identities.agents];
  const started = Date.now();
  log(`issuing ${count - agents.length} agent certificates into ${path} (once per machine)`);
  while (agents.length < count) {
    const chunk: Array<Promise<FleetAgentIdentity>> = [];
    for (let i = agents.length; i < Math.min(count, agents.length + 256); i++) {
      const keyIndex = i % identities.keys.length;
      chunk.push(
        issueCertificate(ca, { role: 'agent', subjectName: agentName(i), publicKeyPem: identities.keys[keyIndex]!.publicKeyPem, validityDays: CERTIFICATE_VALIDITY_DAYS }).then(
          (issued) => ({ name: agentName(i), serial: issued.serial, certPem: issued.certPem, keyIndex, notBeforeMs: issued.notBeforeMs, notAfterMs: issued.notAfterMs }),
        ),
      );
    }
    agents.push(...(await Promise.all(chunk)));
    if (agents.length % 2560 === 0) log(`  ${agents.length}/${count} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  writeFileSync(`${path}.tmp`, JSON.stringify({ ...identities, agents }));
  renameSync(`${path}.tmp`, path);
  return path;
}

/**
 * Migrates an empty database and creates the management group with the benchmark CA, so that a
 * management server started on it issues and trusts certificates of that CA.
 */
export async function seedBenchGroup(db: Database, identities: FleetIdentities): Promise<void> {
  await migrateToLatest(db);
  if (await getManagementGroup(db)) return;
  await insertManagementGroup(db, {
    id: newId<ManagementGroupId>(Date.now()),
    name: BENCH_GROUP_NAME,
    createdAtMs: Date.now(),
    approvalPolicy: 'auto-approve',
    caCertPem: identities.caCertPem,
    caKeyPem: identities.caKeyPem,
  });
}

/** Inserts agents [from, to) as approved, each with its certificate recorded. */
export async function provisionAgents(db: Database, identities: FleetIdentities, from: number, to: number): Promise<void> {
  const nowMs = Date.now();
  const chunkSize = 2000;
  for (let start = from; start < to; start += chunkSize) {
    const slice = identities.agents.slice(start, Math.min(to, start + chunkSize));
    const ids = slice.map(() => newId<AgentId>(nowMs));
    await db.transaction().execute(async (trx) => {
      await bulkInsert<OperationalDatabase>(trx, 'agent',
        ['id', 'name', 'host_name', 'approval_state', 'requested_at', 'decided_at', 'decided_by', 'csr_pem', 'certificate_serial', 'gateway_id', 'failover_json', 'heartbeat_interval_seconds', 'last_heartbeat_at', 'connected_server_id', 'high_water_seq', 'agent_version'],
        slice.map((a, i) => [ids[i], a.name, `${a.name}.bench.local`, 'approved', nowMs, nowMs, 'bench', null, a.serial, null, null, 60, null, null, 0, null]));
      await bulkInsert<OperationalDatabase>(trx, 'certificate',
        ['serial', 'subject', 'role', 'owner_id', 'issued_at', 'expires_at', 'revoked_at', 'revocation_reason', 'certificate_pem'],
        slice.map((a, i) => [a.serial, `CN=${a.name}`, 'agent', ids[i], a.notBeforeMs, a.notAfterMs, null, null, a.certPem]));
    });
  }
}
