// Event-collection and alert rules over a real log file: matching lines become events and rule
// alerts whose suppression key is built from the listed fields; lines present before the first
// run are history, not news.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COMPUTER, config, settle, startEngine, tempDir } from './engine-kit.ts';

test('alert rules raise rule alerts with suppression keys from the listed fields; event rules collect events', async (t) => {
  const dir = await tempDir(t);
  const log = path.join(dir, 'kern.log');
  await writeFile(log, 'Out of memory: Killed process 1 (old) before the agent started\n');
  const h = await startEngine(dir);
  t.after(() => h.engine.stop());
  await h.engine.apply(config('r1', [
    {
      workflowId: 'Vigil.Linux.Computer.OomKiller', kind: 'rule', typeId: 'alert', targetKey: COMPUTER.key, enabled: true, intervalSeconds: 60,
      configuration: {
        target: COMPUTER,
        source: { log, match: 'Out of memory: Killed process \\d+ \\((?<process>[^)]+)\\)' },
        alert: { severity: 'warning', priority: 'high', name: 'OOM killer ended {{process}} on {{target.HostName}}', suppressionKey: ['process'] },
      },
    },
    { workflowId: 'Vigil.Linux.Computer.KernelErrors', kind: 'rule', typeId: 'event-collection', targetKey: COMPUTER.key, enabled: true, configuration: { target: COMPUTER, source: { log, minLevel: 'error' } } },
  ]));
  await h.clock.advance(1);
  // Both rules have read the file once (their positions are saved) before anything new is written.
  const positions = path.join(dir, 'state', 'workflows', 'logs');
  await settle(() => existsSync(positions) && readdirSync(positions).filter((f) => f.endsWith('.json')).length === 2);
  await appendFile(log, [
    'kernel: Out of memory: Killed process 4242 (java) total-vm:1GB',
    'kernel: eth0: link up',
    'kernel: Out of memory: Killed process 4243 (java) total-vm:1GB',
    'kernel: Out of memory: Killed process 977 (postgres) total-vm:2GB',
    'kernel: EXT4-fs error (device sda1): bad block',
  ].join('\n') + '\n');
  await h.clock.advance(60_000);
  await settle(() => h.of('alert').length === 3 && h.of('event').length > 0);
  const alerts = h.of('alert');
  assert.deepEqual(alerts.map((a) => a.suppressionKey), [
    'Vigil.Linux.Computer.OomKiller|process=java', 'Vigil.Linux.Computer.OomKiller|process=java', 'Vigil.Linux.Computer.OomKiller|process=postgres',
  ]);
  assert.equal(alerts[0]?.name, 'OOM killer ended java on web01.contoso.com');
  assert.deepEqual(alerts[0]?.origin, { kind: 'rule', ruleId: 'Vigil.Linux.Computer.OomKiller' });
  assert.equal(alerts[0]?.priority, 'high');
  const events = h.of('event');
  assert.deepEqual(events.map((e) => [e.level, e.message]), [['error', 'kernel: EXT4-fs error (device sda1): bad block']], 'only lines at error or above');
});
