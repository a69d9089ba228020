// Real Debian Monitoring Plugins through a nagios-source monitor: check_load, check_disk and
// check_tcp against a local port. Exit status becomes health, perfdata becomes perf items.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { systemClock } from '@vigil/core';
import { createCommandRunner } from '../../src/commands/command-runner.ts';
import { COMPUTER, HOST, config, monitorWorkflow, settle, startEngine, tempDir } from './engine-kit.ts';

const PLUGINS = '/usr/lib/nagios/plugins';
const skip = existsSync(`${PLUGINS}/check_load`) ? false : 'monitoring-plugins-basic is not installed (apt-get install -y monitoring-plugins-basic)';
const check = (name: string, commandLine: string) => ({ classId: 'Vigil.Nagios.Check', key: `Vigil.Nagios.Check:${HOST}/${name}`, properties: { CheckName: name, CommandLine: commandLine } });
const status = (target: ReturnType<typeof check>, args: string[] = []) =>
  monitorWorkflow('Vigil.Nagios.Check.Status', 'nagios-plugin', target, { kind: 'nagios', plugin: '$target.CommandLine', args, intervalSeconds: 60, timeoutSeconds: 20 }, {});

test('check_load, check_disk and check_tcp run as monitors; exit status is health, perfdata are perf items', { skip }, async (t) => {
  const listener = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => listener.close(() => resolve())));
  const port = (listener.address() as { port: number }).port;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));

  const h = await startEngine(await tempDir(t), { runCommand: createCommandRunner({ clock: systemClock, baseEnv: process.env }) });
  t.after(() => h.engine.stop());
  const load = check('load', 'check_load -w 1000,1000,1000 -c 2000,2000,2000');
  const disk = check('root-disk', 'check_disk -w 0% -c 0% -p /');
  const tcp = check('tcp', `check_tcp -H 127.0.0.1 -p ${port}`);
  const tcpDown = check('tcp-down', `${PLUGINS}/check_tcp -H 127.0.0.1`);
  await h.engine.apply(config('n1', [status(load), status(disk), status(tcp), status(tcpDown, ['-p', String(closedPort)])]));
  await h.clock.advance(1);
  await settle(() => h.of('state-change').length === 4, 20_000);
  const byObject = new Map(h.of('state-change').map((s) => [s.objectKey, s]));
  assert.equal(byObject.get(load.key)?.toState, 'healthy', String(byObject.get(load.key)?.context['summary']));
  assert.equal(byObject.get(disk.key)?.toState, 'healthy', String(byObject.get(disk.key)?.context['summary']));
  assert.equal(byObject.get(tcp.key)?.toState, 'healthy', String(byObject.get(tcp.key)?.context['summary']));
  assert.equal(byObject.get(tcpDown.key)?.toState, 'critical');
  assert.equal(byObject.get(tcpDown.key)?.context['exitCode'], 2);
  assert.match(String(byObject.get(tcpDown.key)?.context['summary']), /refused|Connection/i);

  const perf = h.of('perf');
  assert.ok(perf.some((p) => p.objectKey === load.key && p.counter === 'load1'), 'check_load perfdata: load1');
  const rootFree = perf.find((p) => p.objectKey === disk.key && p.counter === '/');
  assert.ok(rootFree !== undefined && rootFree.value > 0, 'check_disk perfdata in bytes');
  assert.ok(perf.some((p) => p.objectKey === tcp.key && p.counter === 'time'), 'check_tcp response time');
  assert.equal(COMPUTER.properties.HostName, HOST);
});
