// Real Debian monitoring plugins (apt: monitoring-plugins-basic) plus fixture plugins that hang
// and that print garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { systemClock } from '@vigil/core';
import { createCommandRunner } from '../../src/commands/command-runner.ts';
import { runNagiosPlugin, type NagiosCheckResult } from '../../src/nagios/nagios-plugin.runner.ts';
import { perfDataToSamples } from '../../src/nagios/perf-samples.ts';

const PLUGINS = '/usr/lib/nagios/plugins';
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'nagios');
const runner = createCommandRunner({ clock: systemClock, baseEnv: {}, killGraceMs: 500 });
const plugin = (executable: string, args: string[], timeoutMs = 10_000): Promise<NagiosCheckResult> =>
  runNagiosPlugin(runner, { executable, args, timeoutMs, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' } });

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

test('check_load: OK with load1/load5/load15 perfdata and their thresholds', async () => {
  const result = await plugin(`${PLUGINS}/check_load`, ['-w', '1000,1000,1000', '-c', '2000,2000,2000']);
  assert.equal(result.state, 'OK');
  assert.equal(result.exitCode, 0);
  assert.match(result.summary, /^LOAD OK/);
  assert.deepEqual(result.perfData.map((p) => p.label), ['load1', 'load5', 'load15']);
  assert.deepEqual(result.perfData[0]?.warn, { start: 0, end: 1000, inside: false });
  assert.deepEqual(result.perfDataErrors, []);
  const samples = perfDataToSamples({ class: 'linux.computer', key: 'local' }, result.perfData, 1000);
  assert.ok(samples.every((s) => s.unit === 'none' && s.value >= 0 && s.timestampMs === 1000));
});

test('check_load: bad arguments give UNKNOWN (exit 3) with the usage text', async () => {
  const result = await plugin(`${PLUGINS}/check_load`, []);
  assert.equal(result.state, 'UNKNOWN');
  assert.equal(result.exitCode, 3);
  assert.match(result.summary, /Could not parse arguments/);
});

test('check_disk -w 10% -c 5% -p /: state matches the exit code, perfdata in bytes', async () => {
  const result = await plugin(`${PLUGINS}/check_disk`, ['-w', '10%', '-c', '5%', '-p', '/']);
  assert.equal(result.state, (['OK', 'WARNING', 'CRITICAL'] as const)[result.exitCode ?? -1]);
  assert.match(result.summary, /^DISK (OK|WARNING|CRITICAL)/);
  const root = result.perfData.find((p) => p.label === '/');
  assert.ok(root !== undefined && root.value !== null, JSON.stringify(result.perfData));
  assert.ok(root.max !== undefined && root.value <= root.max);
  const [sample] = perfDataToSamples({ class: 'linux.logical-disk', key: '/' }, [root], 0);
  assert.equal(sample?.unit, 'bytes');
  assert.ok((sample?.value ?? 0) > 1024 * 1024, 'used space of / is more than a megabyte');
});

test('check_procs: OK with a procs count', async () => {
  const result = await plugin(`${PLUGINS}/check_procs`, []);
  assert.equal(result.state, 'OK');
  assert.match(result.summary, /^PROCS OK: \d+ process/);
  const procs = result.perfData.find((p) => p.label === 'procs');
  assert.ok(procs?.value !== undefined && procs.value !== null && procs.value > 1);
  assert.equal(procs.min, 0);
});

test('check_tcp: OK against a listening local server, with response time in seconds', async (t) => {
  const server = createServer((socket) => socket.end());
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = await listen(server);
  const result = await plugin(`${PLUGINS}/check_tcp`, ['-H', '127.0.0.1', '-p', String(port)]);
  assert.equal(result.state, 'OK', result.summary);
  assert.match(result.summary, /^TCP OK/);
  const time = result.perfData.find((p) => p.label === 'time');
  assert.equal(time?.unit, 's');
  assert.ok(time?.value !== null && time?.value !== undefined && time.value >= 0 && time.value < 10);
  const [sample] = perfDataToSamples({ class: 'tcp.endpoint', key: `127.0.0.1:${port}` }, [time], 0);
  assert.equal(sample?.unit, 'seconds');
});

test('check_tcp: CRITICAL against a closed port', async () => {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const result = await plugin(`${PLUGINS}/check_tcp`, ['-H', '127.0.0.1', '-p', String(port)]);
  assert.equal(result.state, 'CRITICAL');
  assert.equal(result.exitCode, 2);
  assert.match(result.summary, /Connection refused/);
});

test('a plugin that hangs is killed at the timeout and reported UNKNOWN with a clear message', async () => {
  const result = await plugin(path.join(FIXTURES, 'sleepy-plugin.sh'), [], 300);
  assert.equal(result.state, 'UNKNOWN');
  assert.equal(result.exitCode, undefined);
  assert.match(result.summary, /timed out after 0\.3 s and was killed/);
  assert.ok(result.durationMs < 5000);
});

test('garbage output and an out-of-range exit code: UNKNOWN, good perfdata kept, bad items reported', async () => {
  const result = await plugin(path.join(FIXTURES, 'garbage-plugin.sh'), []);
  assert.equal(result.state, 'UNKNOWN');
  assert.equal(result.exitCode, 7);
  assert.match(result.summary, /invalid result \(exit status 7 is not 0-3\): WEIRD {3}output with$/);
  assert.deepEqual(result.longText, ['more text', '\x01\x02 noise ']);
  assert.deepEqual(result.perfData.map((p) => [p.label, p.value, p.unit]), [['ok', 1, ''], ['good', 2.5, 's'], ['later', 7, '%']]);
  assert.deepEqual(result.perfDataErrors.map((e) => e.item), ['broken', '==3', '=5', 'x=abc', 'y=5zz', "'unclosed=4", 'nonsense']);
});

test('a missing plugin is UNKNOWN, and output is capped at 8 KB', async () => {
  const missing = await plugin(`${PLUGINS}/check_does_not_exist`, []);
  assert.equal(missing.state, 'UNKNOWN');
  assert.match(missing.summary, /could not be started/);
  const chatty = await runNagiosPlugin(runner, { executable: '/bin/sh', args: ['-c', 'echo "OK | a=1"; head -c 20000 /dev/zero | tr "\\0" x'], timeoutMs: 5000 });
  assert.equal(chatty.state, 'OK');
  assert.equal(chatty.truncated, true);
  assert.equal(chatty.longText.join('\n').length, 8 * 1024 - 'OK | a=1\n'.length);
});
