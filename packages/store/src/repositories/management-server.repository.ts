import type { ManagementServerId } from '@vigil/core';
import type { Database } from '../store.ts';
import type { ManagementServerTable } from '../schema/operational-schema.ts';

export interface ManagementServerRecord {
  readonly id: ManagementServerId;
  readonly name: string;
  readonly host: string;
  readonly linkPort: number;
  readonly apiPort: number;
  readonly version: string;
  readonly startedAtMs: number;
  readonly lastSeenAtMs: number;
  readonly stoppedAtMs: number | null;
  readonly certificateSerial: string | null;
}

function toRecord(row: ManagementServerTable): ManagementServerRecord {
  return {
    id: row.id as ManagementServerId,
    name: row.name,
    host: row.host,
    linkPort: row.link_port,
    apiPort: row.api_port,
    version: row.version,
    startedAtMs: row.started_at,
    lastSeenAtMs: row.last_seen_at,
    stoppedAtMs: row.stopped_at,
    certificateSerial: row.certificate_serial,
  };
}

export interface ServerRegistration {
  readonly id: ManagementServerId;
  readonly name: string;
  readonly host: string;
  readonly linkPort: number;
  readonly apiPort: number;
  readonly version: string;
  readonly nowMs: number;
}

/**
 * Records a server starting. A server keeps its id across restarts (matched by name), so its
 * pool memberships and history survive; returns the id in use.
 */
export async function registerManagementServer(db: Database, registration: ServerRegistration): Promise<ManagementServerId> {
  const existing = await db.selectFrom('management_server').select('id').where('name', '=', registration.name).executeTakeFirst();
  const values = {
    host: registration.host,
    link_port: registration.linkPort,
    api_port: registration.apiPort,
    version: registration.version,
    started_at: registration.nowMs,
    last_seen_at: registration.nowMs,
    stopped_at: null,
  };
  if (existing) {
    await db.updateTable('management_server').set(values).where('id', '=', existing.id).execute();
    return existing.id as ManagementServerId;
  }
  await db.insertInto('management_server').values({ id: registration.id, name: registration.name, certificate_serial: null, ...values }).execute();
  return registration.id;
}

export async function setServerCertificate(db: Database, id: ManagementServerId, serial: string): Promise<void> {
  await db.updateTable('management_server').set({ certificate_serial: serial }).where('id', '=', id).execute();
}

export async function markServerSeen(db: Database, id: ManagementServerId, nowMs: number): Promise<void> {
  await db.updateTable('management_server').set({ last_seen_at: nowMs }).where('id', '=', id).execute();
}

export async function markServerStopped(db: Database, id: ManagementServerId, nowMs: number): Promise<void> {
  await db.updateTable('management_server').set({ stopped_at: nowMs, last_seen_at: nowMs }).where('id', '=', id).execute();
}

export async function listManagementServers(db: Database): Promise<ManagementServerRecord[]> {
  const rows = await db.selectFrom('management_server').selectAll().orderBy('name').execute();
  return rows.map(toRecord);
}

export async function findManagementServerByName(db: Database, name: string): Promise<ManagementServerRecord | undefined> {
  const row = await db.selectFrom('management_server').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}
