// Test support for SDK API route tests: a migrated database of one dialect, a group CA, the
// API built in-process (fastify.inject, no socket), users of any profile and signed-in clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { FakeClock, newId, silentLogger, type AgentId, type ManagementGroupId, type UserId } from '@vigil/core';
import { createCertificateAuthority, createKeyAndCsr, type CertificateAuthority } from '@vigil/pki';
import type { Profile } from '@vigil/protocol';
import { assignRole, createRole, createUser, insertAgent, insertManagementGroup, type ApprovalState, type Store } from '@vigil/store';
import { createTestStore, type DialectName } from '@vigil/store/testing';
import { buildApi, RoleStatusBoard, type ApiContext } from '@vigil/server';
import { hashPassword, type ScryptParams } from '../../src/auth/password-hash.ts';
import type { GroupMembershipPort } from '../../src/auth/group-membership.port.ts';
import type { LoginRateLimitPolicy } from '../../src/auth/login-rate-limiter.ts';

export const PASSWORD = 'correct horse battery staple';
/** Cheap scrypt for fixtures: the cost parameters are not what these tests are about. */
const FAST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

let sharedCa: Promise<CertificateAuthority> | undefined;
function testCa(): Promise<CertificateAuthority> {
  sharedCa ??= createCertificateAuthority({ groupName: 'Api Test', validityDays: 30 });
  return sharedCa;
}

export interface Session {
  readonly user: string;
  /** Cookie header value for console sessions. */
  readonly cookie?: string;
  readonly csrfToken?: string;
  /** Bearer secret for token sessions. */
  readonly token?: string;
}

export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly clock: FakeClock;
  readonly ca: CertificateAuthority;
  readonly dataDir: string;
  createUser(name: string, roles: ReadonlyArray<{ profile: Profile; groups?: string[] }>): Promise<UserId>;
  login(user: string, mode?: 'cookie' | 'token'): Promise<Session>;
  call(session: Session | undefined, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  addAgent(name: string, state?: ApprovalState): Promise<AgentId>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly groupMembership?: GroupMembershipPort;
  readonly loginRateLimit?: LoginRateLimitPolicy;
  /** Extra context (change feed, pack library, heartbeat period) for monitoring route tests. */
  readonly extra?: Partial<Pick<ApiContext, 'changes' | 'packs' | 'liveHeartbeatMs' | 'trustedPublicKeys'>>;
  /** Runs on the migrated store before the API is built (e.g. importing packs). */
  readonly prepare?: (store: Store, clock: FakeClock) => Promise<Partial<Pick<ApiContext, 'packs'>> | void>;
}

export async function startApiHarness(dialect: DialectName, options: HarnessOptions = {}): Promise<ApiHarness> {
  const { store, cleanup } = await createTestStore(dialect);
  const clock = new FakeClock(Date.now());
  const ca = await testCa();
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-api-'));
  const groupId = newId<ManagementGroupId>();
  await insertManagementGroup(store.db, { id: groupId, name: 'Api Test', createdAtMs: clock.nowMs(), approvalPolicy: 'review', caCertPem: ca.certPem, caKeyPem: ca.privateKeyPem });
  const prepared = (await options.prepare?.(store, clock)) ?? {};
  const context: ApiContext = {
    ...options.extra, ...prepared,
    db: store.db, clock, logger: silentLogger(), roles: new RoleStatusBoard(), version: 'test',
    group: { id: groupId, name: 'Api Test' }, server: { id: newId(), name: 'ms-test' }, ca, dataDir,
    ...(options.groupMembership ? { groupMembership: options.groupMembership } : {}),
    ...(options.loginRateLimit ? { loginRateLimit: options.loginRateLimit } : {}),
  };
  const app = await buildApi(context, {});
  let roleSeq = 0;

  const harness: ApiHarness = {
    app, store, clock, ca, dataDir,
    async createUser(name, roles) {
      const userId = await createUser(store.db, { name, displayName: name, passwordHash: await hashPassword(PASSWORD, FAST_SCRYPT), nowMs: clock.nowMs() });
      for (const role of roles) {
        const roleId = await createRole(store.db, { name: `${role.profile}-${++roleSeq}`, profile: role.profile, scope: { groups: role.groups ?? [] }, nowMs: clock.nowMs() });
        await assignRole(store.db, userId, roleId);
      }
      return userId;
    },
    async login(user, mode = 'cookie') {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { user, password: PASSWORD, mode } });
      if (response.statusCode !== 200) throw new Error(`login ${user} failed: ${response.statusCode} ${response.body}`);
      const body = response.json<{ token?: string; csrfToken?: string }>();
      if (mode === 'token') return { user, token: body.token! };
      const cookie = response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { user, cookie, csrfToken: body.csrfToken! };
    },
    call(session, method, url, body) {
      const headers: Record<string, string> = {};
      if (session?.token) headers.authorization = `Bearer ${session.token}`;
      if (session?.cookie) headers.cookie = session.cookie;
      if (session?.csrfToken && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = session.csrfToken;
      return app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    },
    async addAgent(name, state = 'pending') {
      const id = newId<AgentId>(clock.nowMs());
      const { csrPem } = await createKeyAndCsr({ commonName: name });
      await insertAgent(store.db, { id, name, hostName: `${name}.example.test`, csrPem, approvalState: state, nowMs: clock.nowMs(), decidedBy: state === 'pending' ? null : 'test' });
      return id;
    },
    async close() {
      await app.close();
      await cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
