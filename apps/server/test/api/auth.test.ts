// Sign-in, sessions, cookies and CSRF, API tokens, login throttling, first administrator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { FakeClock, isVigilError, silentLogger } from '@vigil/core';
import { findUserByName } from '@vigil/store';
import { createTestStore, DIALECTS } from '@vigil/store/testing';
import { installAccessControl } from '../../src/api/access-control.ts';
import { hashPassword, needsRehash, verifyPassword } from '../../src/auth/password-hash.ts';
import { createLoginRateLimiter } from '../../src/auth/login-rate-limiter.ts';
import { ensureFirstAdministrator } from '../../src/auth/admin-bootstrap.ts';
import { PASSWORD, startApiHarness } from './api-harness.ts';

const V1 = '/api/v1';

test('passwords are stored as scrypt with parameters and salt, and verified in constant time', async () => {
  const stored = await hashPassword('s3cret passphrase');
  assert.match(stored, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.notEqual(stored, await hashPassword('s3cret passphrase'), 'a fresh salt each time');
  assert.equal(await verifyPassword('s3cret passphrase', stored), true);
  assert.equal(await verifyPassword('s3cret passphrasE', stored), false);
  assert.equal(await verifyPassword('anything', null), false);
  assert.equal(await verifyPassword('anything', 'md5$nonsense'), false);
  assert.equal(needsRehash(stored), false);
  assert.equal(needsRehash(await hashPassword('x', { N: 1024, r: 8, p: 1 })), true);
});

test('the login limiter locks a user+address pair after repeated failures, says when to retry, and stays bounded', () => {
  const clock = new FakeClock();
  const limiter = createLoginRateLimiter(clock, { maxFailures: 3, windowMs: 60_000, lockoutMs: 120_000, maxEntries: 2 });
  for (let i = 0; i < 3; i++) limiter.recordFailure('Alice', '10.0.0.1');
  assert.deepEqual(limiter.check('alice', '10.0.0.1'), { allowed: false, retryAfterSeconds: 120 });
  assert.deepEqual(limiter.check('alice', '10.0.0.2'), { allowed: true }, 'another address is not locked');
  void clock.advance(120_000);
  assert.deepEqual(limiter.check('alice', '10.0.0.1'), { allowed: true });
  limiter.recordFailure('alice', '10.0.0.1');
  assert.equal(limiter.check('alice', '10.0.0.1').allowed, false, 'one more failure after a lockout locks again');
  limiter.recordFailure('bob', '10.0.0.1');
  limiter.recordFailure('carol', '10.0.0.1');
  assert.equal(limiter.size(), 2, 'the least recently touched pair is forgotten');
});

test('a route without an access or audit declaration stops the API from starting', async () => {
  const app = Fastify();
  installAccessControl(app, { db: undefined as never, clock: new FakeClock() });
  assert.throws(() => app.get('/open', async () => 'x'), (e: unknown) => isVigilError(e, 'API_ROUTE_UNDECLARED') && /config\.access/.test(e.message));
  assert.throws(() => app.post('/write', { config: { access: { permission: 'users:manage' } } }, async () => 'x'), (e: unknown) => isVigilError(e, 'API_ROUTE_UNDECLARED') && /config\.audit/.test(e.message));
  await app.close();
});

test('the first start creates admin with a random password in a 0600 file; later starts leave users alone', async () => {
  const { store, cleanup } = await createTestStore('sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-admin-'));
  try {
    const deps = { clock: new FakeClock(), logger: silentLogger() };
    const first = await ensureFirstAdministrator(store.db, dataDir, deps);
    assert.equal(first.created, true);
    assert.equal(statSync(first.passwordFile!).mode & 0o777, 0o600);
    const password = readFileSync(first.passwordFile!, 'utf8').trim();
    assert.ok(password.length >= 20);
    assert.equal(await verifyPassword(password, (await findUserByName(store.db, 'admin'))!.passwordHash), true);
    assert.equal((await ensureFirstAdministrator(store.db, dataDir, deps)).created, false);
  } finally {
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

for (const dialect of DIALECTS) {
  test(`console sessions: httpOnly Secure SameSite=Strict cookies and a double-submit CSRF token bound to the session [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      await h.createUser('ada', [{ profile: 'administrator' }]);
      const login = await h.app.inject({ method: 'POST', url: `${V1}/auth/login`, payload: { user: 'ada', password: PASSWORD } });
      assert.equal(login.statusCode, 200);
      const session = login.cookies.find((c) => c.name === '__Host-vigil-session')!;
      const csrf = login.cookies.find((c) => c.name === '__Host-vigil-csrf')!;
      assert.deepEqual([session.httpOnly, session.secure, session.sameSite, session.path], [true, true, 'Strict', '/']);
      assert.deepEqual([csrf.httpOnly ?? false, csrf.secure, csrf.sameSite, csrf.path], [false, true, 'Strict', '/']);
      assert.equal(login.json<{ csrfToken: string }>().csrfToken, csrf.value);
      const cookie = `__Host-vigil-session=${session.value}; __Host-vigil-csrf=${csrf.value}`;
      const write = (headers: Record<string, string>) =>
        h.app.inject({ method: 'PUT', url: `${V1}/settings/approval-policy`, headers: { cookie, ...headers }, payload: { policy: 'auto-approve' } });

      assert.equal((await h.app.inject({ method: 'GET', url: `${V1}/auth/whoami`, headers: { cookie } })).statusCode, 200, 'safe methods need no token');
      const missing = await write({});
      assert.equal(missing.statusCode, 403);
      assert.equal(missing.json<{ error: { code: string } }>().error.code, 'CSRF_TOKEN_INVALID');
      assert.equal((await write({ 'x-csrf-token': 'not-the-token' })).statusCode, 403);
      // A header that matches a planted cookie but not the session's token is refused too.
      const planted = `__Host-vigil-session=${session.value}; __Host-vigil-csrf=planted`;
      assert.equal((await h.app.inject({ method: 'PUT', url: `${V1}/settings/approval-policy`, headers: { cookie: planted, 'x-csrf-token': 'planted' }, payload: { policy: 'reject' } })).statusCode, 403);
      assert.equal((await write({ 'x-csrf-token': csrf.value })).statusCode, 200);

      const rotated = await h.app.inject({ method: 'GET', url: `${V1}/auth/csrf`, headers: { cookie } });
      const fresh = rotated.json<{ csrfToken: string }>().csrfToken;
      assert.equal(rotated.cookies.find((c) => c.name === '__Host-vigil-csrf')?.value, fresh);
      assert.equal((await write({ 'x-csrf-token': csrf.value })).statusCode, 403, 'the old token is void after rotation');
      const rotatedCookie = `__Host-vigil-session=${session.value}; __Host-vigil-csrf=${fresh}`;
      const logout = await h.app.inject({ method: 'POST', url: `${V1}/auth/logout`, headers: { cookie: rotatedCookie, 'x-csrf-token': fresh }, payload: {} });
      assert.equal(logout.statusCode, 200);
      assert.ok(logout.cookies.every((c) => c.value === '' || (c.expires !== undefined && c.expires.getTime() < Date.now())), 'cookies cleared');
      assert.equal((await h.app.inject({ method: 'GET', url: `${V1}/auth/whoami`, headers: { cookie: rotatedCookie } })).statusCode, 401);
    } finally {
      await h.close();
    }
  });

  test(`bearer sessions and API tokens: no CSRF needed, hashed at rest, revocable, expiring [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      await h.createUser('bob', [{ profile: 'operator' }]);
      const cli = await h.login('bob', 'token');
      assert.match(cli.token!, /^vgs_/);
      const created = await h.call(cli, 'POST', `${V1}/tokens`, { name: 'nightly', expiresInDays: 1 });
      assert.equal(created.statusCode, 201);
      const { token, id } = created.json<{ token: string; id: string }>();
      assert.match(token, /^vgt_/);
      const stored = await h.store.db.selectFrom('api_token').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, token);
      assert.ok(!JSON.stringify(await h.store.db.selectFrom('api_session').selectAll().execute()).includes(cli.token!.slice(4)), 'session secrets are not stored');

      const script = { user: 'bob', token };
      const me = await h.call(script, 'GET', `${V1}/auth/whoami`);
      assert.equal(me.json<{ via: string }>().via, 'api-token');
      assert.equal((await h.call(script, 'POST', `${V1}/join-tokens`, {})).statusCode, 403, 'a token has its user\'s rights, no more');
      const listed = (await h.call(cli, 'GET', `${V1}/tokens`)).json<{ items: Array<Record<string, unknown>> }>();
      assert.equal(listed.items.length, 1);
      assert.equal(listed.items[0]!.token, undefined, 'the secret is never listed');

      await h.clock.advance(86_400_000 + 1);
      assert.equal((await h.call(script, 'GET', `${V1}/auth/whoami`)).statusCode, 401, 'expired');
      const second = (await h.call(cli, 'POST', `${V1}/tokens`, { name: 'forever' })).json<{ token: string; id: string }>();
      assert.equal((await h.call(cli, 'DELETE', `${V1}/tokens/${second.id}`)).statusCode, 204);
      const revoked = await h.call({ user: 'bob', token: second.token }, 'GET', `${V1}/auth/whoami`);
      assert.equal(revoked.statusCode, 401);
      assert.equal(revoked.json<{ error: { code: string } }>().error.code, 'UNAUTHENTICATED');
      assert.equal((await h.call({ user: 'x', token: 'garbage' }, 'GET', `${V1}/auth/whoami`)).statusCode, 401);
    } finally {
      await h.close();
    }
  });

  test(`sessions expire when idle, and disabling a user ends their sessions and tokens [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      await h.createUser('root', [{ profile: 'administrator' }]);
      await h.createUser('carl', [{ profile: 'operator' }]);
      const browser = await h.login('carl');
      await h.clock.advance(2 * 3_600_000 + 1);
      assert.equal((await h.call(browser, 'GET', `${V1}/auth/whoami`)).statusCode, 401, 'idle console session expired');

      const cli = await h.login('carl', 'token');
      const token = (await h.call(cli, 'POST', `${V1}/tokens`, { name: 't' })).json<{ token: string }>().token;
      const admin = await h.login('root', 'token');
      assert.equal((await h.call(admin, 'POST', `${V1}/users/carl/disable`, {})).statusCode, 200);
      assert.equal((await h.call(cli, 'GET', `${V1}/auth/whoami`)).statusCode, 401);
      assert.equal((await h.call({ user: 'carl', token }, 'GET', `${V1}/auth/whoami`)).statusCode, 401);
      assert.equal((await h.app.inject({ method: 'POST', url: `${V1}/auth/login`, payload: { user: 'carl', password: PASSWORD } })).statusCode, 401);
      const self = await h.call(admin, 'POST', `${V1}/users/root/disable`, {});
      assert.equal(self.statusCode, 409, 'nobody disables themselves');
    } finally {
      await h.close();
    }
  });

  test(`sign-in is throttled per user and address with Retry-After, and failures are audited [${dialect}]`, async () => {
    const h = await startApiHarness(dialect, { loginRateLimit: { maxFailures: 3, windowMs: 60_000, lockoutMs: 300_000, maxEntries: 100 } });
    try {
      await h.createUser('dora', [{ profile: 'operator' }]);
      const attempt = (password: string, remoteAddress = '10.1.1.1') =>
        h.app.inject({ method: 'POST', url: `${V1}/auth/login`, payload: { user: 'dora', password }, remoteAddress });
      for (let i = 0; i < 3; i++) assert.equal((await attempt('wrong password')).statusCode, 401);
      const limited = await attempt(PASSWORD);
      assert.equal(limited.statusCode, 429, 'even the right password waits out the lockout');
      assert.equal(limited.headers['retry-after'], '300');
      assert.equal(limited.json<{ error: { code: string } }>().error.code, 'RATE_LIMITED');
      assert.equal((await attempt(PASSWORD, '10.2.2.2')).statusCode, 200, 'another address is not locked');
      await h.clock.advance(300_000);
      assert.equal((await attempt(PASSWORD)).statusCode, 200);
      const failed = await h.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login-failed').execute();
      assert.equal(failed.length, 3);
      assert.deepEqual([failed[0]!.user_name, failed[0]!.source_address], ['dora', '10.1.1.1']);
    } finally {
      await h.close();
    }
  });

  test(`weak hashes are re-hashed at sign-in; setting admin's password removes the first-password file [${dialect}]`, async () => {
    const h = await startApiHarness(dialect);
    try {
      await ensureFirstAdministrator(h.store.db, h.dataDir, { clock: h.clock, logger: silentLogger() });
      const file = join(h.dataDir, 'admin-password.txt');
      const first = readFileSync(file, 'utf8').trim();
      const login = await h.app.inject({ method: 'POST', url: `${V1}/auth/login`, payload: { user: 'admin', password: first, mode: 'token' } });
      assert.equal(login.statusCode, 200);
      const admin = { user: 'admin', token: login.json<{ token: string }>().token };
      await h.createUser('eve', []);
      await h.app.inject({ method: 'POST', url: `${V1}/auth/login`, payload: { user: 'eve', password: PASSWORD } });
      assert.equal(needsRehash((await findUserByName(h.store.db, 'eve'))!.passwordHash!), false, 'the cheap fixture hash was upgraded');
      assert.equal((await h.call(admin, 'PUT', `${V1}/users/admin/password`, { password: 'a much better passphrase' })).statusCode, 204);
      assert.equal(existsSync(file), false);
      assert.equal((await h.call(admin, 'GET', `${V1}/auth/whoami`)).statusCode, 200, 'the session that changed it stays');
      assert.equal((await h.call(admin, 'PUT', `${V1}/users/eve/password`, { password: 'short' })).statusCode, 400);
    } finally {
      await h.close();
    }
  });
}
