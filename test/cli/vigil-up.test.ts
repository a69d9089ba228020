// `vigil up` as a user runs it: a real child process, a real data folder, HTTPS health.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@vigil/store/testing';
import { startVigil, runVigil } from '../support/cli-process.ts';
import { getJson } from '../support/https-client.ts';

const HEALTH_URL = /Health\s+curl --cacert \S+ (https:\/\/127\.0\.0\.1:\d+\/api\/v1\/health)/;

test('vigil up creates a group, answers health, stops on Ctrl-C, and reopens the same group', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-up-'));
  try {
    const first = startVigil(['up', '--data', dataDir, '--api-port', '0', '--link-port', '0', '--group-name', 'Fresh Clone']);
    const [, url] = await first.waitFor(HEALTH_URL);
    assert.match(first.output(), /created management group "Fresh Clone"/);
    const ca = readFileSync(join(dataDir, 'ca.pem'), 'utf8');
    const health = await getJson<{ status: string; group: { id: string; name: string } }>(url!, ca);
    assert.equal(health.body.status, 'healthy');
    assert.equal(await first.stop('SIGINT'), 0);
    assert.match(first.output(), /database is closed and intact/);

    const second = startVigil(['up', '--data', dataDir, '--api-port', '0', '--link-port', '0']);
    const [, url2] = await second.waitFor(HEALTH_URL);
    assert.match(second.output(), /opened management group "Fresh Clone"/);
    const again = await getJson<{ group: { id: string } }>(url2!, ca);
    assert.equal(again.body.group.id, health.body.group.id);
    assert.equal(await second.stop('SIGTERM'), 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('vigil db migrate then vigil up --db postgres:// runs on a fresh PostgreSQL database', async () => {
  const database = await createTestDatabase('postgres');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-up-pg-'));
  try {
    const migrated = await runVigil(['db', 'migrate', '--db', database.url]);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /applied \d+ migration\(s\): 0001-operational-core, 0002-monitoring-model/);
    const again = await runVigil(['db', 'migrate', '--db', database.url]);
    assert.match(again.stdout, /schema already current/);

    const up = startVigil(['up', '--data', dataDir, '--db', database.url, '--api-port', '0', '--link-port', '0']);
    const [, url] = await up.waitFor(HEALTH_URL);
    assert.match(up.output(), /Database\s+PostgreSQL postgres:\/\//);
    const health = await getJson<{ status: string }>(url!, readFileSync(join(dataDir, 'ca.pem'), 'utf8'));
    assert.equal(health.body.status, 'healthy');
    assert.equal(await up.stop(), 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
});

test('a bad setting stops start-up with one line naming the key, and exit code 78', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-up-bad-'));
  try {
    const bad = await runVigil(['up', '--data', dataDir, '--api-port', 'seventy']);
    assert.equal(bad.code, 78);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    assert.match(bad.stderr, /^vigil: Configuration key server\.apiPort \(from flag --api-port\) is "seventy".*Allowed: a TCP port/);
    const env = await runVigil(['up', '--data', dataDir], { VIGIL_APPROVAL_POLICY: 'maybe' });
    assert.match(env.stderr, /server\.approvalPolicy \(from VIGIL_APPROVAL_POLICY\) is "maybe".*Allowed: reject \| review \| auto-approve/);
    const url = await runVigil(['db', 'migrate', '--db', 'mysql://h/db']);
    assert.equal(url.code, 78);
    assert.match(url.stderr, /Use a file path \(embedded SQLite\) or postgres:\/\//);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('vigil --help lists the commands', async () => {
  const help = await runVigil(['--help']);
  assert.equal(help.code, 0);
  for (const command of ['up', 'server', 'db']) assert.match(help.stdout, new RegExp(`\\n  ${command}\\b`));
});
