import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandRequest, CommandRunner } from '../../src/commands/command-runner.ts';
import { serviceCollector } from '../../src/collectors/service.collector.ts';
import { collectOnce, samplesOf, T1, T2, valueOf } from './collect-helpers.ts';

test('service: a host without systemd reports unavailable, without running anything', async () => {
  const calls: CommandRequest[] = [];
  const runner: CommandRunner = async (request) => (calls.push(request), { kind: 'failed-to-start', message: 'unexpected' });
  const { result } = await collectOnce(serviceCollector, T1, 0, undefined, runner);
  assert.equal(result.kind, 'unavailable');
  assert.match(result.kind === 'unavailable' ? result.reason : '', /systemd is not running/);
  assert.equal(calls.length, 0);
});

test('service: with systemd, lists units and reads their state through systemctl show', async () => {
  const runner: CommandRunner = async (request) => {
    const output =
      request.args[0] === 'list-units'
        ? 'cron.service loaded active running Regular background program processing daemon\nnginx.service loaded failed failed A high performance web server\n'
        : 'Id=cron.service\nLoadState=loaded\nActiveState=active\nSubState=running\nMainPID=512\nNRestarts=0\n\nId=nginx.service\nLoadState=loaded\nActiveState=failed\nSubState=failed\nMainPID=0\nNRestarts=3\n';
    return { kind: 'completed', exitCode: 0, signal: null, stdout: output, stderr: '', truncated: false, durationMs: 5 };
  };
  const samples = samplesOf((await collectOnce(serviceCollector, T2, 0, undefined, runner)).result);
  assert.equal(valueOf(samples, 'linux.service', 'cron.service', 'active-state'), 'active');
  assert.equal(valueOf(samples, 'linux.service', 'cron.service', 'active'), 1);
  assert.equal(valueOf(samples, 'linux.service', 'nginx.service', 'sub-state'), 'failed');
  assert.equal(valueOf(samples, 'linux.service', 'nginx.service', 'active'), 0);
  assert.equal(valueOf(samples, 'linux.service', 'nginx.service', 'restarts.count'), 3);
});

test('service: a failing systemctl is a failed collection with the reason, not a throw', async () => {
  const runner: CommandRunner = async () => ({ kind: 'timed-out', timeoutMs: 15_000, stdout: '', stderr: '', truncated: false, durationMs: 15_000 });
  const { result } = await collectOnce(serviceCollector, T2, 0, undefined, runner);
  assert.deepEqual(result, { kind: 'failed', reason: 'systemctl list-units timed out after 15000 ms' });
});
