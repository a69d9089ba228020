// The monitoring console commands against a real group: `vigil up` as a child process, data
// written to its database as ingest would have, then alert, state/object, perf, event,
// maintenance, override, group, task, pack, pool and gateway commands with --json, tables and
// exit codes, as an operator would use them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlert, newId, newUuid, type AgentId, type AlertId, type ObjectId } from '@vigil/core';
import { createKeyAndCsr } from '@vigil/pki';
import { insertAgent, openStore, saveAlert, upsertMonitoringObject } from '@vigil/store';
import { startVigil, runVigil } from '../support/cli-process.ts';

const API_URL = /SDK API\s+(https:\/\/127\.0\.0\.1:\d+)\/api\/v1/;
const ADMIN_PASSWORD = /Sign in\s+user admin, password (\S+)/;
const CPU = 'Vigil.Linux.Computer.CpuUtilization';

interface Seeded { web01: ObjectId; web02: ObjectId; monitorAlert: string; ruleAlerts: string[] }

async function seed(dataDir: string): Promise<Seeded> {
  const store = await openStore(join(dataDir, 'opsdb.sqlite'));
  try {
    const db = store.db;
    const now = Date.now();
    const agentId = newId<AgentId>(now);
    const { csrPem } = await createKeyAndCsr({ commonName: 'web01' });
    await insertAgent(db, { id: agentId, name: 'web01', hostName: 'web01.example.test', csrPem, approvalState: 'approved', nowMs: now, decidedBy: 'test' });
    const web01 = await upsertMonitoringObject(db, { classId: 'Vigil.Core.Computer', objectKey: 'web01.example.test', displayName: 'web01.example.test', agentId, properties: { HostName: 'web01.example.test' }, nowMs: now });
    const web02 = await upsertMonitoringObject(db, { classId: 'Vigil.Core.Computer', objectKey: 'web02.example.test', displayName: 'web02.example.test', properties: { HostName: 'web02.example.test' }, nowMs: now });
    await db.updateTable('monitoring_object').set({ health_state: 'critical' }).where('id', '=', web01).execute();
    await db.insertInto('monitor_state').values({ object_id: web01, monitor_id: CPU, state: 'critical', changed_at: now, context_json: '{"sample":99}' }).execute();
    const monitor = createAlert({ id: newId<AlertId>(now), name: 'CPU busy', source: { kind: 'monitor', monitorId: CPU, objectId: web01 }, severity: 'critical', priority: 'high', atMs: now - 5000 });
    await saveAlert(db, monitor, undefined, { context: { sample: 99 } });
    const ruleAlerts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const rule = createAlert({ id: newId<AlertId>(now + i), name: `Log error ${i}`, source: { kind: 'rule', ruleId: 'Test.Rule', objectId: web02, suppressionKey: String(i) }, severity: 'warning', priority: 'medium', atMs: now - 1000 + i });
      await saveAlert(db, rule, undefined, {});
      ruleAlerts.push(rule.id);
    }
    const series = newUuid(now);
    await db.insertInto('perf_series').values({ id: series, object_id: web01, object_key: 'web01.example.test', counter: 'cpu.utilization', instance: '', created_at: now - 3_600_000 }).execute();
    await db.insertInto('perf_sample').values(Array.from({ length: 60 }, (_, i) => ({ series_id: series, at: now - 3_540_000 + i * 59_000, value: 10 + (i % 12) * 7 }))).execute();
    await db.insertInto('event').values({ id: newUuid(now), object_id: web01, object_key: 'web01.example.test', agent_id: agentId, event_id: '4625', level: 'error', message: 'logon failure', at: now - 100, data_json: '{}' }).execute();
    return { web01, web02, monitorAlert: monitor.id, ruleAlerts };
  } finally {
    await store.close();
  }
}

test('alert, state, perf, event, maintenance, override, group, task, pack, pool and gateway commands against a running group', async () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-monitoring-cli-'));
  const dataDir = join(root, 'data');
  const env = { VIGIL_CONFIG_DIR: join(root, 'config'), NO_COLOR: '1', VIGIL_PASSWORD: '' };
  const up = startVigil(['up', '--data', dataDir, '--api-port', '0', '--link-port', '0'], env);
  try {
    const [, url] = await up.waitFor(API_URL);
    const [, password] = await up.waitFor(ADMIN_PASSWORD);
    const vigil = (args: readonly string[]) => runVigil(args, env);
    const json = async <T>(args: readonly string[]): Promise<T> => {
      const result = await vigil([...args, '--json']);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    };
    assert.equal((await runVigil(['login', '--server', url!, '--data', dataDir, '--user', 'admin'], { ...env, VIGIL_PASSWORD: password })).code, 0);
    const s = await seed(dataDir);

    const state = await vigil(['state']);
    assert.equal(state.code, 0, state.stderr);
    assert.match(state.stdout, /^STATE\s+NAME\s+CLASS/);
    assert.match(state.stdout, /\ncritical\s+web01\.example\.test\s+Computer/, 'worst first');
    const shown = await vigil(['object', 'show', 'web01.example.test']);
    assert.match(shown.stdout, /Health:\nunknown\s+Entity Health|Health:\ncritical\s+Entity Health/);
    assert.match(shown.stdout, /critical\s+Processor utilization/);

    const alerts = await json<{ items: Array<{ id: string; name: string }>; total: number }>(['alert', 'list']);
    assert.equal(alerts.total, 4);
    assert.match((await vigil(['alert', 'list', '--severity', 'critical'])).stdout, /\n\S+\s+critical\s+high\s+New\s+CPU busy\s+web01\.example\.test/);
    assert.match((await vigil(['alert', 'show', s.monitorAlert])).stdout, /Context: \{"sample":99\}/);
    const refused = await vigil(['alert', 'close', s.monitorAlert]);
    assert.equal(refused.code, 6, 'a monitor alert stays open while its monitor is unhealthy');
    assert.match(refused.stderr, /still critical.*\[ALERT_SOURCE_UNHEALTHY\]/);
    assert.equal((await vigil(['alert', 'ack', s.monitorAlert, '--comment', 'on it'])).stdout, `Acknowledged alert ${s.monitorAlert} (CPU busy): Acknowledged.\n`);
    const bulk = await json<{ updated: number; failed: number }>(['alert', 'close', ...s.ruleAlerts]);
    assert.deepEqual([bulk.updated, bulk.failed], [3, 0]);
    assert.equal((await vigil(['alert', 'set-state', '252', s.monitorAlert])).code, 2);
    assert.equal((await vigil(['alert', 'assign', 'alice', s.monitorAlert, '--ticket', 'INC-7'])).code, 0);
    assert.equal((await json<{ items: Array<{ owner: string }> }>(['alert', 'list'])).items[0]!.owner, 'alice');

    const perf = await vigil(['perf', 'query', 'web01.example.test', 'cpu.utilization', '--since', '1h', '--points', '30']);
    assert.equal(perf.code, 0, perf.stderr);
    assert.match(perf.stdout, /[▁▂▃▄▅▆▇█]{10,}/);
    assert.match(perf.stdout, /min 10 {2}avg [\d.]+ {2}max 87/);
    assert.match((await vigil(['event', 'list', '--level', 'error'])).stdout, /4625\s+web01\.example\.test\s+logon failure/);

    assert.equal((await vigil(['maintenance', 'start', 'web02.example.test', '--duration', '1h', '--reason', 'application-maintenance', '--planned', '--comment', 'patch'])).code, 0);
    assert.match((await vigil(['maintenance', 'list'])).stdout, /web02\.example\.test.*application-maintenance \(planned\)/);
    assert.match((await vigil(['object', 'list', '--maintenance'])).stdout, /maintenance\s+web02/);
    assert.equal((await vigil(['maintenance', 'stop', 'web02.example.test'])).stdout, 'Ended 1 maintenance window(s).\n');
    assert.equal((await vigil(['maintenance', 'start', 'web02.example.test'])).code, 2, 'no duration');
    assert.match((await vigil(['maintenance', 'reasons'])).stdout, /security-issue\s+unplanned\s+Security Issue/);

    const set = await vigil(['override', 'set', CPU, 'critical', '90', '--object', 'web01.example.test']);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /critical = 90 for instance .* \(pack Vigil\.Overrides 1\.0\.0; \d+ agent configuration\(s\) recompiled\)/);
    assert.match((await vigil(['override', 'effective', 'web01.example.test', CPU, 'critical'])).stdout, /= 90 \(overridden; default 95\)/);
    assert.match((await vigil(['override', 'list'])).stdout, /Vigil\.Linux\.Computer\.CpuUtilization\s+critical\s+90/);
    const overrideId = (await json<Array<{ id: string; workflowId: string; parameter: string }>>(['override', 'list'])).find((o) => o.workflowId === CPU && o.parameter === 'critical')!.id;
    const removed = await vigil(['override', 'remove', overrideId]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /^Removed Vigil\.Linux\.Computer\.CpuUtilization critical = 90 for instance .* \(pack Vigil\.Overrides 1\.0\.1; [1-9]\d* agent configuration\(s\) recompiled\)\.\n$/);
    assert.match((await vigil(['override', 'effective', 'web01.example.test', CPU, 'critical'])).stdout, /= 95 \(default; default 95\)/);
    assert.doesNotMatch((await vigil(['override', 'list'])).stdout, /CpuUtilization\s+critical/);
    const removedAgain = await vigil(['override', 'remove', overrideId]);
    assert.equal(removedAgain.code, 3);
    assert.match(removedAgain.stderr, /`vigil override list`.*\[NOT_FOUND\]/);

    const group = await json<{ id: string; memberCount: number }>(['group', 'create', 'Web', '--class', 'Vigil.Core.Computer']);
    assert.equal(group.memberCount, 2);
    assert.match((await vigil(['group', 'health', group.id])).stdout, /^critical/);
    assert.match((await vigil(['group', 'list'])).stdout, /Web\s+2/);

    assert.match((await vigil(['task', 'types'])).stdout, /run-command\s+Runs one program.*executable \[args\] \[cwd\]/);
    const queued = await json<{ id: string; status: string }>(['task', 'run', 'web01.example.test', 'echo', '--param', 'text=hi']);
    assert.equal(queued.status, 'queued');
    assert.match((await vigil(['task', 'result', queued.id])).stdout, /echo\) (queued|sent)/);

    const packFile = join(root, 'contoso.pack.yaml');
    writeFileSync(packFile, 'pack:\n  name: Contoso.Test\n  version: 1.0.0\n  displayName: Contoso\n  references:\n    - { name: Vigil.Core, version: 1.0.0 }\nclasses:\n  - id: Contoso.Test.App\n    base: Vigil.Core.Entity\n    properties:\n      - { name: Name, type: string, key: true }\n');
    const badFile = join(root, 'bad.pack.yaml');
    writeFileSync(badFile, 'pack:\n  name: Bad\n');
    const invalid = await vigil(['pack', 'validate', badFile]);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stdout, /invalid .*bad\.pack\.yaml\n {2}bad\.pack\.yaml:\d+/);
    assert.match((await vigil(['pack', 'validate', packFile])).stdout, /^valid .* Contoso\.Test 1\.0\.0/);
    assert.match((await vigil(['pack', 'import', packFile])).stdout, /Contoso\.Test/);
    assert.match((await vigil(['pack', 'list'])).stdout, /Contoso\.Test\s+1\.0\.0\s+no/);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(root, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    assert.equal((await vigil(['pack', 'export', 'Contoso.Test', '--seal-with', join(root, 'key.pem'), '-o', join(root, 'sealed.yaml')])).code, 0);
    assert.match(readFileSync(join(root, 'sealed.yaml'), 'utf8'), /seal:\n {2}algorithm: ed25519/);
    assert.equal((await vigil(['pack', 'remove', 'Contoso.Test'])).code, 0);
    assert.equal((await vigil(['pack', 'remove', 'Vigil.Core'])).code, 6, 'referenced by other packs');

    assert.equal((await vigil(['pool', 'create', 'Linux Pool'])).code, 0);
    const servers = await json<Array<{ name: string }>>(['server', 'list']);
    assert.equal((await vigil(['pool', 'add-member', 'Linux Pool', servers[0]!.name])).code, 0);
    assert.match((await vigil(['pool', 'show', 'Linux Pool'])).stdout, new RegExp(servers[0]!.name));
    assert.equal((await vigil(['pool', 'remove-member', 'Linux Pool', servers[0]!.name])).code, 0);
    assert.equal((await vigil(['gateway', 'list'])).stdout, 'No gateways.\n');
    assert.equal((await vigil(['gateway', 'approve', 'ghost'])).code, 3);
  } finally {
    await up.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
