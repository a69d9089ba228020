// The workflow engine on a fake clock with scripted collectors: discovery items and instance keys,
// state changes only on change (and not again after a restart), optimized perf collection, one
// collection shared by many workflows, and configuration diffing without restarting anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPUTER, HOST, config, monitorWorkflow, numeric, scriptedCollector, startEngine, tempDir, text } from './engine-kit.ts';
import { T1 } from '../collectors/collect-helpers.ts';
import { COLLECTORS } from '../../src/collectors/collector-registry.ts';
import { compileWorkflows, loadPacks, STANDARD_PACKS } from './pack-compiler.ts';

const DISK = (mount: string) => ({ classId: 'Vigil.Linux.LogicalDisk', key: `Vigil.Linux.LogicalDisk:${HOST}/${mount}`, properties: { MountPoint: mount } });
const freeSpace = (mount: string, interval = 60) =>
  monitorWorkflow('Vigil.Linux.LogicalDisk.FreeSpace', 'threshold', DISK(mount), { kind: 'counter', collector: 'linux.logical-disk', counter: 'free.percent', instance: '$target.MountPoint', intervalSeconds: interval }, { direction: 'below', warning: 10, critical: 5 }, interval);

test('discoveries report instances keyed as the contract says, and OS facts as the computer itself', async (t) => {
  const packs = loadPacks(...STANDARD_PACKS);
  const workflows = compileWorkflows(packs, [COMPUTER]).filter((w) => w.kind === 'discovery');
  const h = await startEngine(await tempDir(t), { rootPath: T1, collectors: COLLECTORS });
  t.after(() => h.engine.stop());
  await h.engine.apply(config('d1', workflows));
  await h.clock.advance(1);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await h.clock.advance(1);
  const byId = new Map(h.of('discovery').map((d) => [d.discoveryId, d]));
  const os = byId.get('Vigil.Linux.Computer.Discovery');
  assert.deepEqual(os?.instances, [{ classId: 'Vigil.Core.Computer', key: COMPUTER.key, properties: { HostName: HOST, OperatingSystem: 'Debian GNU/Linux 12 (bookworm)', DisplayName: 'fixture-host' } }]);
  const disks = byId.get('Vigil.Linux.LogicalDisk.Discovery');
  assert.ok(disks !== undefined && disks.instances.length > 0, 'logical disks found');
  const root = disks.instances.find((i) => i.properties['MountPoint'] === '/');
  assert.equal(root?.key, `Vigil.Linux.LogicalDisk:${HOST}//`);
  assert.equal(root?.hostKey, COMPUTER.key);
  assert.equal(root?.properties['FileSystem'], 'ext4');
  assert.deepEqual(byId.get('Vigil.Linux.Service.Discovery')?.instances, [], 'no services configured: an empty set');
});

test('state changes are sent only on change, with context; a restart does not re-send them', async (t) => {
  const dataDir = await tempDir(t);
  const disk = scriptedCollector('logical-disk');
  const h = await startEngine(dataDir, { collectors: [disk] });
  await h.engine.apply(config('v1', [freeSpace('/var')]));
  const states = () => h.of('state-change').map((s) => `${s.fromState}->${s.toState}`);
  for (const value of [50, 40, 8, 8, 3, 60]) {
    disk.samples = [numeric('linux.logical-disk', '/var', 'free.percent', value)];
    await h.clock.advance(60_000);
  }
  assert.deepEqual(states(), ['unknown->healthy', 'healthy->warning', 'warning->critical', 'critical->healthy']);
  const first = h.of('state-change')[1];
  assert.equal(first?.objectKey, DISK('/var').key);
  assert.equal(first?.monitorId, 'Vigil.Linux.LogicalDisk.FreeSpace');
  assert.equal(first?.context['value'], 8);
  assert.match(String(first?.context['summary']), /8/);
  await h.engine.stop();

  const again = await startEngine(dataDir, { collectors: [disk] });
  t.after(() => again.engine.stop());
  await again.engine.apply(config('v1', [freeSpace('/var')]));
  await again.clock.advance(60_000);
  assert.deepEqual(again.of('state-change'), [], 'healthy before the restart, healthy after: nothing to send');
  disk.samples = [numeric('linux.logical-disk', '/var', 'free.percent', 4)];
  await again.clock.advance(60_000);
  assert.deepEqual(again.of('state-change').map((s) => `${s.fromState}->${s.toState}`), ['healthy->critical']);
});

test('optimized performance collection skips values within tolerance, at most maxSkippedSamples in a row', async (t) => {
  const cpu = scriptedCollector('cpu');
  const h = await startEngine(await tempDir(t), { collectors: [cpu] });
  t.after(() => h.engine.stop());
  await h.engine.apply(config('p1', [{
    workflowId: 'Vigil.Linux.Computer.Cpu.Collection', kind: 'rule', typeId: 'performance-collection', targetKey: COMPUTER.key, intervalSeconds: 300, enabled: true,
    configuration: { target: COMPUTER, source: { collector: 'linux.cpu', counter: 'processor-time.percent', instance: '_Total', intervalSeconds: 300 }, optimized: { tolerance: 2, toleranceKind: 'absolute', maxSkippedSamples: 2 } },
  }]));
  const values = [10, 11, 12.5, 11, 11, 11, 20, 19];
  for (const value of values) {
    cpu.samples = [numeric('linux.processor', '_Total', 'processor-time.percent', value), numeric('linux.processor', '0', 'processor-time.percent', 99)];
    await h.clock.advance(300_000);
  }
  const perf = h.of('perf');
  assert.deepEqual(perf.map((p) => p.value), [10, 12.5, 11, 20], '11 and 12.5 … within 2 of the last sent are skipped, but never more than 2 in a row');
  assert.ok(perf.every((p) => p.counter === 'cpu.processor-time.percent' && p.instance === '_Total' && p.objectKey === COMPUTER.key));
});

test('twenty workflows reading one collector share one collection per interval', async (t) => {
  const disk = scriptedCollector('logical-disk');
  disk.samples = Array.from({ length: 10 }, (_, i) => numeric('linux.logical-disk', `/d${i}`, 'free.percent', 50));
  const h = await startEngine(await tempDir(t), { collectors: [disk], random: Math.random });
  t.after(() => h.engine.stop());
  const workflows = Array.from({ length: 10 }, (_, i) => freeSpace(`/d${i}`, 300)).flatMap((w) => [w, {
    ...w, workflowId: 'Vigil.Linux.LogicalDisk.FreeSpace.Collection', kind: 'rule' as const, typeId: 'performance-collection',
    configuration: { target: DISK(w.targetKey.split('/').pop() ?? ''), source: { collector: 'linux.logical-disk', counter: 'free.percent', instance: '$target.MountPoint', intervalSeconds: 300 } } as never,
  }]);
  await h.engine.apply(config('s1', workflows));
  assert.equal(h.engine.running().length, 20);
  await h.clock.advance(30_000 + 3 * 300_000);
  // One per interval, plus one at the start: a first collection has no rates, so the next asker collects again.
  assert.ok(disk.collections <= 5 && disk.collections >= 3, `one collection per interval, got ${disk.collections}`);
  assert.equal(h.of('state-change').length, 10);
});

test('a new configuration reschedules only what changed, keeping the memory of unchanged monitors', async (t) => {
  const cpu = scriptedCollector('cpu');
  const disk = scriptedCollector('logical-disk');
  disk.samples = [numeric('linux.logical-disk', '/var', 'free.percent', 50)];
  const h = await startEngine(await tempDir(t), { collectors: [cpu, disk] });
  t.after(() => h.engine.stop());
  const cpuMonitor = monitorWorkflow('Vigil.Linux.Computer.CpuUtilization', 'consecutive-threshold', COMPUTER, { kind: 'counter', collector: 'linux.cpu', counter: 'processor-time.percent', instance: '_Total', intervalSeconds: 60 }, { direction: 'above', critical: 95, samples: 3 });
  cpu.samples = [numeric('linux.processor', '_Total', 'processor-time.percent', 99)];
  await h.engine.apply(config('c1', [cpuMonitor, freeSpace('/var')]));
  await h.clock.advance(60_000);
  assert.deepEqual(h.of('state-change').map((s) => `${s.monitorId}:${s.toState}`).sort(), ['Vigil.Linux.Computer.CpuUtilization:healthy', 'Vigil.Linux.LogicalDisk.FreeSpace:healthy']);

  // Only the disk monitor's threshold changes: the CPU monitor keeps its two samples above 95.
  const changed = freeSpace('/var');
  await h.engine.apply(config('c2', [cpuMonitor, { ...changed, configuration: { ...(changed.configuration as object), config: { direction: 'below', warning: 60, critical: 5 } } }]));
  await h.clock.advance(60_000);
  const latest = h.of('state-change').slice(2).map((s) => `${s.monitorId}:${s.fromState}->${s.toState}`).sort();
  assert.deepEqual(latest, ['Vigil.Linux.Computer.CpuUtilization:healthy->critical', 'Vigil.Linux.LogicalDisk.FreeSpace:healthy->warning']);

  await h.engine.apply(config('c3', [cpuMonitor]));
  assert.deepEqual(h.engine.running(), [`Vigil.Linux.Computer.CpuUtilization|${COMPUTER.key}`]);
});

test('a service monitor judges systemd ActiveState; a service the host lacks is not-found', async (t) => {
  const service = scriptedCollector('service');
  service.samples = [text('linux.service', 'cron.service', 'active-state', 'active'), text('linux.service', 'cron.service', 'load-state', 'loaded')];
  const h = await startEngine(await tempDir(t), { collectors: [service] });
  t.after(() => h.engine.stop());
  const target = (name: string) => ({ classId: 'Vigil.Linux.Service', key: `Vigil.Linux.Service:${HOST}/${name}`, properties: { ServiceName: name } });
  const running = (name: string) => monitorWorkflow('Vigil.Linux.Service.Running', 'service-state', target(name), { kind: 'service', name: '$target.ServiceName', intervalSeconds: 60 }, { expectedStates: ['active'] });
  await h.engine.apply(config('svc', [running('cron'), running('nginx.service')]));
  await h.clock.advance(60_000);
  assert.deepEqual(h.of('state-change').map((s) => `${s.objectKey}:${s.toState}:${s.context['status']}`).sort(), [
    `${target('cron').key}:healthy:active`, `${target('nginx.service').key}:critical:not-found`,
  ]);
});

test('a discovery over a rate collector waits for its second collection instead of reporting no adapters', async (t) => {
  const packs = loadPacks(...STANDARD_PACKS);
  const network = compileWorkflows(packs, [COMPUTER]).filter((w) => w.workflowId === 'Vigil.Linux.NetworkAdapter.Discovery');
  const h = await startEngine(await tempDir(t), { rootPath: T1, collectors: COLLECTORS });
  t.after(() => h.engine.stop());
  await h.engine.apply(config('n1', network));
  await h.clock.advance(1);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(h.of('discovery'), [], 'the first collection has no rates: nothing reported yet');
  await h.clock.advance(15_000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const names = h.of('discovery')[0]?.instances.map((i) => i.properties['Name']);
  assert.ok(names !== undefined && names.length > 0 && !names.includes('lo'), `adapters without lo, got ${JSON.stringify(names)}`);
});
