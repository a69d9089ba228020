// Built-in tasks through the registry, and one task over a real link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { silentLogger, systemClock } from '@vigil/core';
import { createCertificateAuthority } from '@vigil/pki';
import { BUILT_IN_TASK_TYPES, type TaskRequest } from '@vigil/protocol';
import { startAgent } from '@vigil/agent';
import { createCommandRunner } from '../../src/commands/command-runner.ts';
import { createBuiltInTaskRegistry } from '../../src/tasks/built-in-tasks.ts';
import { startFakeLinkServer } from '../link/fake-link-server.ts';
import { FAST_TIMINGS, agentConfig, capturedLogger, tempDir, waitUntil } from '../link/link-test-kit.ts';

const request = (taskType: string, parameters: TaskRequest['parameters'], timeoutSeconds = 10): TaskRequest => ({
  kind: 'task-request', taskId: randomUUID(), taskType, parameters, timeoutSeconds,
});

const registry = createBuiltInTaskRegistry(
  {
    runner: createCommandRunner({ clock: systemClock, baseEnv: process.env, killGraceMs: 200 }),
    describe: () => ({ name: 'agent1' }),
    flush: () => ({ pendingItems: 3, pendingBytes: 300 }),
  },
  silentLogger(),
);

test('the task types the SDK API lists are exactly the ones every agent has', () => {
  // The server may not import the agent, so the API keeps its own list; this keeps them in step.
  assert.deepEqual([...BUILT_IN_TASK_TYPES.map((t) => t.id)].sort(), [...registry.types()].sort());
});

test('run-command returns the output and exit code', async () => {
  const ok = await registry.run(request('run-command', { executable: '/bin/echo', args: '["hello","vigil"]' }));
  assert.equal(ok.status, 'succeeded');
  assert.equal(ok.output, 'hello vigil\n');
  assert.equal(ok.exitCode, 0);
  const failing = await registry.run(request('run-command', { executable: '/bin/sh', args: '["-c","echo oops >&2; exit 3"]' }));
  assert.equal(failing.status, 'failed');
  assert.equal(failing.exitCode, 3);
  assert.match(failing.output, /oops/);
});

test('run-command is stopped at its timeout', async () => {
  const started = Date.now();
  const result = await registry.run(request('run-command', { executable: '/bin/sleep', args: '["30"]' }, 1));
  assert.equal(result.status, 'timed-out');
  assert.match(result.output, /stopped after 1 s/);
  assert.ok(Date.now() - started < 5000);
});

test('bad parameters and unknown task types fail with a clear output', async () => {
  assert.match((await registry.run(request('run-command', {}))).output, /"executable" .* is required/);
  assert.match((await registry.run(request('run-command', { executable: '/bin/true', args: 'x' }))).output, /JSON array of strings/);
  const unknown = await registry.run(request('reboot-now', {}));
  assert.equal(unknown.status, 'failed');
  assert.match(unknown.output, /no task type "reboot-now". Known task types: agent-info, flush-spool, run-command/);
});

test('agent-info and flush-spool', async () => {
  assert.deepEqual(JSON.parse((await registry.run(request('agent-info', {}))).output), { name: 'agent1' });
  assert.match((await registry.run(request('flush-spool', {}))).output, /Sending 3 spooled item\(s\) \(300 bytes\)/);
});

test('a task-request over the link gets its task-result', async (t) => {
  const ca = await createCertificateAuthority({ groupName: 'G1', validityDays: 30 });
  const server = await startFakeLinkServer({ ca });
  t.after(() => server.stop());
  const agent = await startAgent(agentConfig(await tempDir(t), `127.0.0.1:${server.address.port}`), { logger: capturedLogger().logger, clock: systemClock, timings: FAST_TIMINGS });
  t.after(() => agent.stop());
  await waitUntil('the link', () => agent.status().link.state === 'linked');
  const task = request('agent-info', {});
  server.broadcast(task);
  await waitUntil('the result', () => server.received.some((r) => r.message.kind === 'task-result'));
  const result = server.received.find((r) => r.message.kind === 'task-result')!.message;
  assert.ok(result.kind === 'task-result' && result.taskId === task.taskId && result.status === 'succeeded');
  assert.equal(JSON.parse(result.output).name, 'agent1');
});
