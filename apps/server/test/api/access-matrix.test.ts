// The RBAC matrix: every SDK API route × every profile (plus a user without roles and an
// anonymous caller), generated from the routes' own access declarations. Each route needs an
// entry in MATRIX saying how to call it successfully; a new route without one fails here.
// Routes that act on agents are also checked in and out of a scoped role's scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILES, type Profile } from '@vigil/protocol';
import { createPool, createRole, createUser } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import type { RoleId, UserId } from '@vigil/core';
import { routeDeclarations, type RouteDeclaration } from '../../src/api/access-control.ts';
import { PROFILE_PERMISSIONS } from '../../src/auth/profile-permissions.ts';
import { createApiToken } from '../../src/auth/api-token-store.ts';
import type { GroupMembershipPort } from '../../src/auth/group-membership.port.ts';
import { PASSWORD, startApiHarness, type ApiHarness, type Session } from './api-harness.ts';
import { MONITORING_MATRIX } from './monitoring-matrix.ts';
import { importPacks } from './monitoring-fixtures.ts';

interface Caller {
  readonly label: string;
  readonly profile: Profile | 'none' | 'anonymous';
  readonly userId?: UserId;
  session?: Session;
}

interface CallSpec {
  readonly url: string;
  readonly body?: unknown;
}

interface MatrixEntry {
  /** Builds a request that succeeds for an allowed caller, with fresh fixtures (`n` is unique). */
  readonly request: (h: ApiHarness, n: number, caller: Caller) => Promise<CallSpec>;
  readonly okStatus: number;
  /** The call ends the caller's session: use a fresh one. */
  readonly consumesSession?: boolean;
}

const V1 = '/api/v1';
const get = (url: string) => async (): Promise<CallSpec> => ({ url: V1 + url });

async function fixtureUser(h: ApiHarness, n: number): Promise<string> {
  const name = `fixture-${n}`;
  await createUser(h.store.db, { name, displayName: name, passwordHash: null, nowMs: h.clock.nowMs() });
  return name;
}

async function fixtureRole(h: ApiHarness, n: number): Promise<string> {
  const name = `role-${n}`;
  await createRole(h.store.db, { name, profile: 'operator', scope: {}, nowMs: h.clock.nowMs() });
  return name;
}

export const MATRIX: Readonly<Record<string, MatrixEntry>> = {
  'GET /api/v1/health': { request: get('/health'), okStatus: 200 },
  'GET /api/v1/openapi.json': { request: get('/openapi.json'), okStatus: 200 },
  'POST /api/v1/auth/login': { request: async () => ({ url: `${V1}/auth/login`, body: { user: 'login-target', password: PASSWORD, mode: 'token' } }), okStatus: 200 },
  'POST /api/v1/auth/logout': { request: async () => ({ url: `${V1}/auth/logout`, body: {} }), okStatus: 200, consumesSession: true },
  'GET /api/v1/auth/whoami': { request: get('/auth/whoami'), okStatus: 200 },
  'GET /api/v1/auth/csrf': { request: get('/auth/csrf'), okStatus: 200, consumesSession: true },
  'GET /api/v1/users': { request: get('/users'), okStatus: 200 },
  'POST /api/v1/users': { request: async (_h, n) => ({ url: `${V1}/users`, body: { name: `new-${n}`, password: PASSWORD } }), okStatus: 201 },
  'POST /api/v1/users/:name/disable': { request: async (h, n) => ({ url: `${V1}/users/${await fixtureUser(h, n)}/disable`, body: {} }), okStatus: 200 },
  'PUT /api/v1/users/:name/password': { request: async (h, n) => ({ url: `${V1}/users/${await fixtureUser(h, n)}/password`, body: { password: PASSWORD } }), okStatus: 204 },
  'GET /api/v1/roles': { request: get('/roles'), okStatus: 200 },
  'POST /api/v1/roles': { request: async (_h, n) => ({ url: `${V1}/roles`, body: { name: `made-${n}`, profile: 'operator', scope: { groups: ['g1'] } } }), okStatus: 201 },
  'POST /api/v1/roles/:name/members': {
    request: async (h, n) => ({ url: `${V1}/roles/${await fixtureRole(h, n)}/members`, body: { user: await fixtureUser(h, n) } }), okStatus: 200,
  },
  'DELETE /api/v1/roles/:name/members/:user': {
    request: async (h, n) => ({ url: `${V1}/roles/${await fixtureRole(h, n)}/members/${await fixtureUser(h, n)}` }), okStatus: 200,
  },
  'GET /api/v1/tokens': { request: get('/tokens'), okStatus: 200 },
  'POST /api/v1/tokens': { request: async (_h, n) => ({ url: `${V1}/tokens`, body: { name: `script-${n}`, expiresInDays: 30 } }), okStatus: 201 },
  'DELETE /api/v1/tokens/:id': {
    request: async (h, n, caller) => {
      if (!caller.userId) return { url: `${V1}/tokens/nobody-${n}` };
      const token = await createApiToken(h.store.db, { userId: caller.userId!, name: `t${n}`, nowMs: h.clock.nowMs(), expiresAtMs: null });
      return { url: `${V1}/tokens/${token.id}` };
    },
    okStatus: 204,
  },
  'GET /api/v1/audit': { request: get('/audit'), okStatus: 200 },
  'GET /api/v1/management-servers': { request: get('/management-servers'), okStatus: 200 },
  'GET /api/v1/pools': { request: get('/pools'), okStatus: 200 },
  'GET /api/v1/pools/:name': {
    request: async (h, n) => {
      await createPool(h.store.db, `pool-${n}`, 'manual', h.clock.nowMs());
      return { url: `${V1}/pools/pool-${n}` };
    },
    okStatus: 200,
  },
  'GET /api/v1/agents': { request: get('/agents?approval=pending'), okStatus: 200 },
  'GET /api/v1/agents/:name': { request: async (h, n) => ({ url: `${V1}/agents/${await agentName(h, n)}` }), okStatus: 200 },
  'POST /api/v1/agents/:name/approve': { request: async (h, n) => ({ url: `${V1}/agents/${await agentName(h, n)}/approve`, body: {} }), okStatus: 200 },
  'POST /api/v1/agents/:name/reject': { request: async (h, n) => ({ url: `${V1}/agents/${await agentName(h, n)}/reject`, body: {} }), okStatus: 200 },
  'PUT /api/v1/agents/:name/failover': {
    request: async (h, n) => ({ url: `${V1}/agents/${await agentName(h, n)}/failover`, body: { servers: ['ms1.example.test:5723', '[::1]:5723'] } }), okStatus: 200,
  },
  'GET /api/v1/settings/approval-policy': { request: get('/settings/approval-policy'), okStatus: 200 },
  'PUT /api/v1/settings/approval-policy': { request: async () => ({ url: `${V1}/settings/approval-policy`, body: { policy: 'review' } }), okStatus: 200 },
  'GET /api/v1/join-tokens': { request: get('/join-tokens'), okStatus: 200 },
  'POST /api/v1/join-tokens': { request: async () => ({ url: `${V1}/join-tokens`, body: { expiresInHours: 2 } }), okStatus: 201 },
  'DELETE /api/v1/join-tokens/:id': {
    request: async (h, n) => {
      const id = n.toString(16).padStart(8, '0');
      await h.store.db.insertInto('join_token').values({ id, token_hash: `hash-${n}`, created_at: h.clock.nowMs(), expires_at: h.clock.nowMs() + 60_000, used_at: null, used_by: null }).execute();
      return { url: `${V1}/join-tokens/${id}` };
    },
    okStatus: 204,
  },
  ...MONITORING_MATRIX,
};

/** Agents named in-* are members of group g1 (see SCOPED_MEMBERSHIP); the matrix uses in-scope names. */
async function agentName(h: ApiHarness, n: number, prefix = 'in'): Promise<string> {
  const name = `${prefix}-agent-${n}`;
  await h.addAgent(name);
  return name;
}

let agentIds = new Map<string, string>();
const SCOPED_MEMBERSHIP: GroupMembershipPort = {
  async agentsInGroups(groups) {
    if (!groups.includes('g1')) return new Set();
    return new Set([...agentIds].filter(([name]) => name.startsWith('in-')).map(([, id]) => id));
  },
};

function expectedStatus(declaration: RouteDeclaration, entry: MatrixEntry, caller: Caller): number {
  const access = declaration.access;
  if ('public' in access) return entry.okStatus;
  if (caller.profile === 'anonymous') return 401;
  if ('signedIn' in access) return entry.okStatus;
  if (caller.profile === 'none') return 403;
  return PROFILE_PERMISSIONS[caller.profile].has(access.permission) ? entry.okStatus : 403;
}

const keyOf = (d: RouteDeclaration): string => `${d.method} ${d.url}`;

async function auditCount(h: ApiHarness, declaration: RouteDeclaration): Promise<number> {
  if (!declaration.audit) return 0;
  const row = await h.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', declaration.audit.action).executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of DIALECTS) {
  test(`every route × every profile answers as its access declaration says [${dialect}]`, async () => {
    agentIds = new Map();
    const h = await startApiHarness(dialect, { groupMembership: SCOPED_MEMBERSHIP, prepare: importPacks });
    const addAgent = h.addAgent.bind(h);
    (h as { addAgent: typeof h.addAgent }).addAgent = async (name, state) => {
      const id = await addAgent(name, state);
      agentIds.set(name, id);
      return id;
    };
    try {
      const declarations = routeDeclarations(h.app);
      const declared = new Set(declarations.map(keyOf));
      const missing = [...declared].filter((k) => !(k in MATRIX));
      assert.deepEqual(missing, [], `routes without a matrix entry (add them to MATRIX): ${missing.join(', ')}`);
      const stale = Object.keys(MATRIX).filter((k) => !declared.has(k));
      assert.deepEqual(stale, [], `matrix entries for routes that do not exist: ${stale.join(', ')}`);

      await h.createUser('login-target', []);
      const callers: Caller[] = [{ label: 'anonymous', profile: 'anonymous' }];
      for (const profile of [...PROFILES, 'none' as const]) {
        const label = `user-${profile}`;
        const userId = await h.createUser(label, profile === 'none' ? [] : [{ profile }]);
        callers.push({ label, profile, userId, session: await h.login(label) });
      }

      let n = 0;
      const failures: string[] = [];
      for (const declaration of declarations) {
        const entry = MATRIX[keyOf(declaration)]!;
        for (const caller of callers) {
          const spec = await entry.request(h, ++n, caller);
          const session = caller.session && entry.consumesSession ? await h.login(caller.label) : caller.session;
          const auditedBefore = await auditCount(h, declaration);
          const response = await h.call(session, declaration.method, spec.url, spec.body);
          const expected = expectedStatus(declaration, entry, caller);
          if (response.statusCode !== expected) failures.push(`${keyOf(declaration)} as ${caller.label}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 200)}`);
          // Every successful write leaves exactly one audit entry, attributed to the caller.
          const audited = (await auditCount(h, declaration)) - auditedBefore;
          const wantAudit = declaration.audit && response.statusCode < 400 ? 1 : 0;
          if (audited !== wantAudit) failures.push(`${keyOf(declaration)} as ${caller.label}: ${audited} audit entries, expected ${wantAudit}`);
        }
      }
      assert.deepEqual(failures, []);
    } finally {
      await h.close();
    }
  });

  test(`a scoped role sees and acts only on agents in its groups [${dialect}]`, async () => {
    agentIds = new Map();
    const h = await startApiHarness(dialect, { groupMembership: SCOPED_MEMBERSHIP });
    try {
      for (const name of ['in-web', 'out-db']) agentIds.set(name, await h.addAgent(name, 'approved'));
      await h.createUser('scoped', [{ profile: 'read-only-operator', groups: ['g1'] }]);
      await h.createUser('unscoped', [{ profile: 'operator' }]);
      const scoped = await h.login('scoped');
      const unscoped = await h.login('unscoped');

      const scopedList = (await h.call(scoped, 'GET', `${V1}/agents`)).json<{ items: Array<{ name: string }>; total: number }>();
      assert.deepEqual(scopedList.items.map((a) => a.name), ['in-web']);
      assert.equal(scopedList.total, 1);
      assert.equal((await h.call(scoped, 'GET', `${V1}/agents/in-web`)).statusCode, 200);
      assert.equal((await h.call(scoped, 'GET', `${V1}/agents/out-db`)).statusCode, 404, 'out of scope looks like not found');
      const all = (await h.call(unscoped, 'GET', `${V1}/agents`)).json<{ items: Array<{ name: string }> }>();
      assert.deepEqual(all.items.map((a) => a.name), ['in-web', 'out-db']);

      // A union of roles: adding an unscoped operator role widens the scoped user's view.
      const roleId = await createRole(h.store.db, { name: 'wide', profile: 'operator', scope: {}, nowMs: h.clock.nowMs() });
      const user = await h.store.db.selectFrom('app_user').select('id').where('name', '=', 'scoped').executeTakeFirstOrThrow();
      await h.store.db.insertInto('user_role').values({ user_id: user.id, role_id: roleId as RoleId }).execute();
      assert.equal((await h.call(scoped, 'GET', `${V1}/agents/out-db`)).statusCode, 200);
    } finally {
      await h.close();
    }
  });
}
