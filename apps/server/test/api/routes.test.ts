// Endpoint behaviour beyond access: agents (pending, approve, reject, failover), the shared list
// paging/sorting/filtering, join tokens, users and roles, settings, audit detail, OpenAPI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { caSha256Of, joinTokenHash, parseJoinToken } from '@vigil/pki';
import { DIALECTS } from '@vigil/store/testing';
import { routeDeclarations } from '../../src/api/access-control.ts';
import { PASSWORD, startApiHarness, type ApiHarness, type Session } from './api-harness.ts';

const V1 = '/api/v1';

async function adminOf(h: ApiHarness): Promise<Session> {
  await h.createUser('root', [{ profile: 'administrator' }]);
  return h.login('root', 'token');
}

for (const dialect of DIALECTS) {
  test(`agents: pending list, approve issues a certificate, reject, failover — each audited with who and from where [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      const admin = await adminOf(h);
      await h.addAgent('web01');
      await h.addAgent('web02');
      await h.addAgent('db01', 'approved');
      const pending = (await h.call(admin, 'GET', `${V1}/agents?approval=pending`)).json<{ items: Array<{ name: string }> }>();
      assert.deepEqual(pending.items.map((a) => a.name), ['web01', 'web02']);

      const approved = await h.call(admin, 'POST', `${V1}/agents/web01/approve`, {});
      assert.equal(approved.statusCode, 200, approved.body);
      const agent = approved.json<{ approvalState: string; certificateSerial: string; decidedBy: string }>();
      assert.deepEqual([agent.approvalState, agent.decidedBy], ['approved', 'root']);
      const certificate = await h.store.db.selectFrom('certificate').select('certificate_pem').where('serial', '=', agent.certificateSerial).executeTakeFirstOrThrow();
      assert.equal(new X509Certificate(certificate.certificate_pem).verify(new X509Certificate(h.ca.certPem).publicKey), true);
      await h.clock.advance(1);
      assert.equal((await h.call(admin, 'POST', `${V1}/agents/web02/reject`, {})).json<{ approvalState: string }>().approvalState, 'rejected');
      assert.equal((await h.call(admin, 'POST', `${V1}/agents/ghost/approve`, {})).statusCode, 404);

      await h.clock.advance(1);
      const failover = await h.call(admin, 'PUT', `${V1}/agents/db01/failover`, { servers: ['ms1:5723', 'ms2.example.test:5723'] });
      assert.deepEqual(failover.json<{ failoverServers: string[] }>().failoverServers, ['ms1:5723', 'ms2.example.test:5723']);
      assert.equal((await h.call(admin, 'PUT', `${V1}/agents/db01/failover`, { servers: ['no-port'] })).statusCode, 400);
      assert.equal((await h.call(admin, 'PUT', `${V1}/agents/db01/failover`, { servers: [] })).statusCode, 400);

      const audit = (await h.call(admin, 'GET', `${V1}/audit?sort=atMs&q=agent`)).json<{ items: Array<{ action: string; userName: string; targetId: string; sourceAddress: string; detail: Record<string, unknown> }> }>();
      assert.deepEqual(audit.items.map((e) => e.action), ['agent.approve', 'agent.reject', 'agent.set-failover']);
      assert.deepEqual([audit.items[0]!.userName, audit.items[0]!.targetId, audit.items[0]!.sourceAddress], ['root', 'web01', '127.0.0.1']);
      assert.equal(audit.items[0]!.detail.certificateSerial, agent.certificateSerial);
      assert.deepEqual(audit.items[2]!.detail.servers, ['ms1:5723', 'ms2.example.test:5723']);
    } finally {
      await h.close();
    }
  });

  test(`lists page with offset+limit (bounded), sort either way, search and filter [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      const admin = await adminOf(h);
      for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'Golf_1']) await h.addAgent(name, name === 'echo' ? 'approved' : 'pending');
      const first = (await h.call(admin, 'GET', `${V1}/agents?limit=3`)).json<{ items: Array<{ name: string }>; total: number; nextOffset: number | null }>();
      assert.deepEqual([first.items.length, first.total, first.nextOffset], [3, 7, 3]);
      const names: string[] = [];
      for (let offset: number | null = 0; offset !== null;) {
        const page: { items: Array<{ name: string }>; nextOffset: number | null } = (await h.call(admin, 'GET', `${V1}/agents?limit=3&offset=${offset}&sort=-name`)).json();
        names.push(...page.items.map((a) => a.name));
        offset = page.nextOffset;
      }
      assert.equal(names.length, 7);
      assert.deepEqual(names, [...names].sort().reverse(), 'descending, no overlap or gap between pages');
      const search = (await h.call(admin, 'GET', `${V1}/agents?q=HARL`)).json<{ items: Array<{ name: string }> }>();
      assert.deepEqual(search.items.map((a) => a.name), ['charlie'], 'case-insensitive substring');
      const literal = (await h.call(admin, 'GET', `${V1}/agents?q=f_1`)).json<{ total: number }>();
      assert.equal(literal.total, 1, '_ matches only itself');
      assert.equal((await h.call(admin, 'GET', `${V1}/agents?q=%25`)).json<{ total: number }>().total, 0, '% matches only itself');
      const approved = (await h.call(admin, 'GET', `${V1}/agents?approval=approved`)).json<{ items: Array<{ name: string }> }>();
      assert.deepEqual(approved.items.map((a) => a.name), ['echo']);
      assert.equal((await h.call(admin, 'GET', `${V1}/agents?limit=501`)).statusCode, 400);
      assert.equal((await h.call(admin, 'GET', `${V1}/agents?sort=password`)).statusCode, 400);
      assert.equal((await h.call(admin, 'GET', `${V1}/agents?approval=maybe`)).statusCode, 400);
    } finally {
      await h.close();
    }
  });

  test(`join tokens: shown once, pin the group CA, stored as a hash, listed without secrets, revocable [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      const admin = await adminOf(h);
      const created = await h.call(admin, 'POST', `${V1}/join-tokens`, { expiresInHours: 2 });
      assert.equal(created.statusCode, 201);
      const body = created.json<{ id: string; token: string; expiresAtMs: number; state: string }>();
      const parsed = parseJoinToken(body.token);
      assert.equal(parsed.caSha256, caSha256Of(h.ca.certPem));
      assert.equal(body.expiresAtMs, h.clock.nowMs() + 2 * 3_600_000);
      const row = await h.store.db.selectFrom('join_token').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
      assert.equal(row.token_hash, joinTokenHash(parsed));
      const listed = (await h.call(admin, 'GET', `${V1}/join-tokens?state=active`)).json<{ items: Array<Record<string, unknown>> }>();
      assert.deepEqual(listed.items.map((t) => [t.id, t.state, t.token]), [[body.id, 'active', undefined]]);
      await h.clock.advance(2 * 3_600_000);
      assert.equal((await h.call(admin, 'GET', `${V1}/join-tokens?state=expired`)).json<{ total: number }>().total, 1);
      assert.equal((await h.call(admin, 'DELETE', `${V1}/join-tokens/${body.id}`)).statusCode, 204);
      assert.equal((await h.call(admin, 'DELETE', `${V1}/join-tokens/${body.id}`)).statusCode, 404);
      assert.equal((await h.call(admin, 'POST', `${V1}/join-tokens`, { expiresInHours: 24 * 31 })).statusCode, 400);
    } finally {
      await h.close();
    }
  });

  test(`users and roles: create with roles, scoped roles, guards for the last administrator, duplicates refused [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      const admin = await adminOf(h);
      const role = await h.call(admin, 'POST', `${V1}/roles`, { name: 'Web operators', profile: 'operator', scope: { groups: ['Web servers'] } });
      assert.equal(role.statusCode, 201);
      assert.deepEqual(role.json<{ scope: unknown }>().scope, { groups: ['Web servers'], classes: [] });
      assert.equal((await h.call(admin, 'POST', `${V1}/roles`, { name: 'Web operators', profile: 'operator' })).statusCode, 409);
      assert.equal((await h.call(admin, 'POST', `${V1}/roles`, { name: 'Scoped admins', profile: 'administrator', scope: { groups: ['x'] } })).statusCode, 400);
      assert.equal((await h.call(admin, 'POST', `${V1}/roles`, { name: 'Bad', profile: 'superuser' })).statusCode, 400);

      const user = await h.call(admin, 'POST', `${V1}/users`, { name: 'fiona', displayName: 'Fiona F', password: PASSWORD, roles: ['Web operators'] });
      assert.equal(user.statusCode, 201, user.body);
      assert.deepEqual(user.json<{ roles: string[] }>().roles, ['Web operators']);
      assert.equal((await h.call(admin, 'POST', `${V1}/users`, { name: 'fiona', password: PASSWORD })).statusCode, 409);
      assert.equal((await h.call(admin, 'POST', `${V1}/users`, { name: 'gus', password: PASSWORD, roles: ['Nope'] })).statusCode, 404);
      assert.equal((await h.call(admin, 'POST', `${V1}/users`, { name: 'bad name', password: PASSWORD })).statusCode, 400);
      const fiona = await h.login('fiona', 'token');
      const me = (await h.call(fiona, 'GET', `${V1}/auth/whoami`)).json<{ permissions: string[]; roles: Array<{ scope: { groups: string[] } }> }>();
      assert.deepEqual(me.permissions, ['agents:read', 'alerts:update', 'maintenance:manage', 'monitoring:read', 'packs:read', 'pools:read', 'servers:read', 'tasks:run']);
      assert.deepEqual(me.roles[0]!.scope.groups, ['Web servers']);

      const roles = (await h.call(admin, 'GET', `${V1}/roles?profile=operator`)).json<{ items: Array<{ name: string; members: string[] }> }>();
      assert.deepEqual(roles.items.map((r) => [r.name, r.members]), [['Web operators', ['fiona']]]);
      assert.equal((await h.call(admin, 'DELETE', `${V1}/roles/Web%20operators/members/fiona`)).json<{ members: string[] }>().members.length, 0);
      const adminRole = (await h.call(admin, 'GET', `${V1}/roles?profile=administrator`)).json<{ items: Array<{ name: string }> }>().items[0]!.name;
      const lastAdmin = await h.call(admin, 'DELETE', `${V1}/roles/${encodeURIComponent(adminRole)}/members/root`);
      assert.equal(lastAdmin.statusCode, 409, 'the last administrator keeps the role');
      const users = (await h.call(admin, 'GET', `${V1}/users?sort=-name&disabled=false`)).json<{ items: Array<{ name: string }> }>();
      assert.deepEqual(users.items.map((u) => u.name), ['root', 'fiona']);
    } finally {
      await h.close();
    }
  });

  test(`group settings, servers and pools read back; the OpenAPI document lists every route [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      const admin = await adminOf(h);
      assert.deepEqual((await h.call(admin, 'GET', `${V1}/settings/approval-policy`)).json(), { policy: 'review' });
      assert.deepEqual((await h.call(admin, 'PUT', `${V1}/settings/approval-policy`, { policy: 'auto-approve' })).json(), { policy: 'auto-approve' });
      assert.deepEqual((await h.call(admin, 'GET', `${V1}/settings/approval-policy`)).json(), { policy: 'auto-approve' });
      assert.equal((await h.call(admin, 'PUT', `${V1}/settings/approval-policy`, { policy: 'sometimes' })).statusCode, 400);
      const change = (await h.call(admin, 'GET', `${V1}/audit?action=settings.approval-policy`)).json<{ items: Array<{ detail: Record<string, unknown> }> }>();
      assert.deepEqual([change.items[0]!.detail.policy, change.items[0]!.detail.previous], ['auto-approve', 'review']);

      assert.equal((await h.call(admin, 'GET', `${V1}/pools/Nope`)).statusCode, 404);
      assert.equal((await h.call(admin, 'GET', `${V1}/management-servers`)).json<{ total: number }>().total, 0);

      const openapi = (await h.app.inject({ method: 'GET', url: `${V1}/openapi.json` })).json<{ paths: Record<string, Record<string, unknown>> }>();
      for (const route of routeDeclarations(h.app)) {
        if (route.url.endsWith('openapi.json')) continue;
        const path = route.url.replace(/:(\w+)/g, '{$1}');
        assert.ok(openapi.paths[path]?.[route.method.toLowerCase()], `OpenAPI documents ${route.method} ${route.url}`);
      }
      assert.ok(JSON.stringify(openapi.paths[`${V1}/agents`]).includes('approval'), 'query parameters are documented');
    } finally {
      await h.close();
    }
  });
}
