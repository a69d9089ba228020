// Every collector against this machine's real /proc and /sys: values must be plausible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { systemClock } from '@vigil/core';
import { createCommandRunner } from '../../src/commands/command-runner.ts';
import { COLLECTORS, createCollectorRunner, type CollectorOutcome } from '../../src/collectors/collector-registry.ts';
import type { Sample } from '../../src/collectors/sample.ts';
import { keysOf, valueOf } from './collect-helpers.ts';

function samples(outcomes: CollectorOutcome[], name: string): readonly Sample[] {
  const outcome = outcomes.find((o) => o.collector === name);
  assert.ok(outcome?.kind === 'collected', `${name}: ${JSON.stringify(outcome)}`);
  return outcome.samples;
}

test('real host: every collector runs, values are in range, rates appear on the second round', async () => {
  const runner = createCollectorRunner({ clock: systemClock, runCommand: createCommandRunner({ clock: systemClock, baseEnv: {} }) });
  const first = await runner.collectAll();
  assert.deepEqual(first.map((o) => o.collector), COLLECTORS.map((c) => c.name));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const outcomes = await runner.collectAll();
  for (const outcome of outcomes) assert.notEqual(outcome.kind, 'failed', `${outcome.collector}: ${JSON.stringify(outcome)}`);

  const cpu = samples(outcomes, 'cpu');
  const cores = keysOf(cpu, 'linux.processor');
  assert.ok(cores.includes('_Total') && cores.length >= 2, `cores ${cores}`);
  for (const s of cpu) assert.ok(typeof s.value === 'number' && s.value >= 0 && s.value <= 100, `${s.object.key} ${s.counter}=${s.value}`);

  const load = samples(outcomes, 'load');
  assert.ok((valueOf(load, 'linux.computer', 'local', 'load-average-1m') as number) >= 0);

  const memory = samples(outcomes, 'memory');
  const available = valueOf(memory, 'linux.memory', 'physical', 'available.percent') as number;
  assert.ok(available > 0 && available <= 100);
  assert.ok((valueOf(memory, 'linux.memory', 'physical', 'total.bytes') as number) > 64 * 1024 * 1024);

  const disks = samples(outcomes, 'logical-disk');
  assert.ok(keysOf(disks, 'linux.logical-disk').includes('/'));
  const rootFree = valueOf(disks, 'linux.logical-disk', '/', 'free.percent') as number;
  assert.ok(rootFree >= 0 && rootFree <= 100);
  assert.ok(!keysOf(disks, 'linux.logical-disk').includes('/proc'));

  for (const s of samples(outcomes, 'disk-io')) assert.ok((s.value as number) >= 0, `${s.object.key} ${s.counter}`);
  const network = samples(outcomes, 'network');
  assert.ok(keysOf(network, 'linux.network-interface').includes('lo'));
  for (const s of network) assert.ok((s.value as number) >= 0 && (s.value as number) < 1e11, `${s.object.key} ${s.counter}`);

  const processes = samples(outcomes, 'process');
  assert.ok((valueOf(processes, 'linux.computer', 'local', 'processes.count') as number) > 1);
  // Node renames its main thread, so look this process up by its own comm rather than 'node'.
  const ownName = readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim();
  const node = processes.find((s) => s.object.key === ownName && s.counter === 'resident-memory.bytes');
  assert.ok(node !== undefined && (node.value as number) > 1024 * 1024, 'this node process is seen with its memory');
  for (const s of processes.filter((p) => p.counter === 'processor-time.percent')) assert.ok((s.value as number) >= 0 && (s.value as number) <= 100);

  // Systemd may or may not run here (containers usually lack it); either way the outcome is not 'failed'.
  const service = outcomes.find((o) => o.collector === 'service');
  assert.ok(service?.kind === 'collected' || service?.kind === 'unavailable');

  assert.ok((valueOf(samples(outcomes, 'uptime'), 'linux.computer', 'local', 'uptime.seconds') as number) > 0);
  const os = samples(outcomes, 'os');
  assert.ok((valueOf(os, 'linux.computer', 'local', 'cpu.count') as number) >= 1);
  assert.match(String(valueOf(os, 'linux.computer', 'local', 'kernel.release')), /^\d+\.\d+/);
});

test('runner: a throwing collector is reported as failed and the others still run', async () => {
  const runner = createCollectorRunner({
    clock: systemClock,
    runCommand: async () => ({ kind: 'failed-to-start', message: 'none' }),
    rootPath: '/nonexistent-root',
    collectors: COLLECTORS.filter((c) => c.name === 'load' || c.name === 'service'),
  });
  const outcomes = await runner.collectAll();
  assert.equal(outcomes[0]?.kind, 'failed');
  assert.match(outcomes[0]?.kind === 'failed' ? outcomes[0].reason : '', /ENOENT/);
  assert.equal(outcomes[1]?.kind, 'unavailable');
});
