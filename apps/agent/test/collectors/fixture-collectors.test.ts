// Collectors against fixture trees: proc-t1 then proc-t2, ten seconds apart. The fixtures contain
// counter wraps (32- and 64-bit), a counter reset, devices that vanish and devices that appear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuCollector } from '../../src/collectors/cpu.collector.ts';
import { diskIoCollector } from '../../src/collectors/disk-io.collector.ts';
import { loadCollector } from '../../src/collectors/load.collector.ts';
import { logicalDiskCollector } from '../../src/collectors/logical-disk.collector.ts';
import { memoryCollector } from '../../src/collectors/memory.collector.ts';
import { networkCollector } from '../../src/collectors/network.collector.ts';
import { osCollector } from '../../src/collectors/os.collector.ts';
import { processCollector } from '../../src/collectors/process.collector.ts';
import { uptimeCollector } from '../../src/collectors/uptime.collector.ts';
import { collectOnce, collectT1ThenT2, keysOf, samplesOf, T1, valueOf } from './collect-helpers.ts';

test('cpu: first collection has no rates; then percentages per core and total; a hot-plugged core waits a round', async () => {
  assert.deepEqual(samplesOf((await collectOnce(cpuCollector, T1, 0)).result), []);
  const samples = await collectT1ThenT2(cpuCollector);
  assert.deepEqual(keysOf(samples, 'linux.processor'), ['0', '1', '_Total']);
  assert.equal(valueOf(samples, 'linux.processor', '_Total', 'processor-time.percent'), 40);
  assert.equal(valueOf(samples, 'linux.processor', '0', 'user-time.percent'), 30);
  assert.equal(valueOf(samples, 'linux.processor', '0', 'system-time.percent'), 10);
});

test('network: 32-bit and 64-bit wraps give true rates; resets, new and vanished interfaces give none', async () => {
  const samples = await collectT1ThenT2(networkCollector);
  const net = 'linux.network-interface';
  assert.equal(valueOf(samples, net, 'eth0', 'received.bytes-per-second'), 49.6); // 4294967000 → 200 over 10 s
  assert.equal(valueOf(samples, net, 'eth0', 'received.packets-per-second'), 10);
  assert.equal(valueOf(samples, net, 'eth0', 'received.errors-per-second'), 1);
  assert.equal(valueOf(samples, net, 'eth0', 'received.drops-per-second'), 2);
  assert.equal(valueOf(samples, net, 'eth0', 'sent.bytes-per-second'), 1000);
  assert.equal(valueOf(samples, net, 'eth1', 'received.bytes-per-second'), 71.6); // 2^64 - 616 → 100
  // veth0's byte and packet counters went backwards by far more than a wrap: a reset, not a spike.
  assert.equal(valueOf(samples, net, 'veth0', 'received.bytes-per-second'), undefined);
  assert.equal(valueOf(samples, net, 'veth0', 'received.packets-per-second'), undefined);
  assert.equal(valueOf(samples, net, 'veth0', 'sent.bytes-per-second'), 0);
  assert.deepEqual(keysOf(samples, net), ['eth0', 'eth1', 'veth0']); // wlan0 is new, docker0 gone
  for (const s of samples) assert.ok(typeof s.value === 'number' && s.value >= 0 && s.value < 1e6, `${s.object.key} ${s.counter}=${s.value}`);
});

test('disk-io: rates for a steady disk; a removed disk vanishes and an added one waits a round', async () => {
  const samples = await collectT1ThenT2(diskIoCollector);
  assert.deepEqual(keysOf(samples, 'linux.disk'), ['sda']);
  assert.equal(valueOf(samples, 'linux.disk', 'sda', 'reads-per-second'), 10);
  assert.equal(valueOf(samples, 'linux.disk', 'sda', 'writes-per-second'), 50);
  assert.equal(valueOf(samples, 'linux.disk', 'sda', 'read.bytes-per-second'), 102_400);
  assert.equal(valueOf(samples, 'linux.disk', 'sda', 'written.bytes-per-second'), 512_000);
  assert.equal(valueOf(samples, 'linux.disk', 'sda', 'busy.percent'), 50);
});

test('logical-disk: real mounts only, escaped mount points decoded, missing mount points skipped', async () => {
  const samples = samplesOf((await collectOnce(logicalDiskCollector, T1, 0)).result);
  assert.deepEqual(keysOf(samples, 'linux.logical-disk'), ['/', '/data disk']);
  assert.equal(valueOf(samples, 'linux.logical-disk', '/data disk', 'device'), '/dev/sdb1');
  assert.equal(valueOf(samples, 'linux.logical-disk', '/data disk', 'file-system'), 'xfs');
  const free = valueOf(samples, 'linux.logical-disk', '/', 'free.percent');
  assert.ok(typeof free === 'number' && free >= 0 && free <= 100);
});

test('memory: available and swap from meminfo', async () => {
  const samples = samplesOf((await collectOnce(memoryCollector, T1, 0)).result);
  assert.equal(valueOf(samples, 'linux.memory', 'physical', 'available.percent'), 25);
  assert.equal(valueOf(samples, 'linux.memory', 'physical', 'used.bytes'), 6_000_000 * 1024);
  assert.equal(valueOf(samples, 'linux.memory', 'swap', 'used.percent'), 25);
});

test('process: per-name count, CPU against all jiffies, memory; names with parentheses; pid churn', async () => {
  const first = samplesOf((await collectOnce(processCollector, T1, 0)).result);
  assert.equal(valueOf(first, 'linux.process', 'my (proc) x', 'instances.count'), 2);
  assert.equal(valueOf(first, 'linux.process', 'my (proc) x', 'processor-time.percent'), undefined);
  const samples = await collectT1ThenT2(processCollector);
  assert.equal(valueOf(samples, 'linux.computer', 'local', 'processes.count'), 3);
  assert.equal(valueOf(samples, 'linux.process', 'my (proc) x', 'instances.count'), 2);
  // pid 100 used 100 of 1000 jiffies; pid 101 exited and pid 102 is new, so neither counts.
  assert.equal(valueOf(samples, 'linux.process', 'my (proc) x', 'processor-time.percent'), 10);
  assert.equal(valueOf(samples, 'linux.process', 'my (proc) x', 'resident-memory.bytes'), 2 * 2000 * 1024);
  assert.equal(valueOf(samples, 'linux.process', 'init', 'processor-time.percent'), 10);
});

test('load, uptime and OS facts', async () => {
  const load = samplesOf((await collectOnce(loadCollector, T1, 0)).result);
  assert.equal(valueOf(load, 'linux.computer', 'local', 'load-average-5m'), 1.25);
  assert.equal(valueOf(load, 'linux.computer', 'local', 'scheduling-entities.count'), 456);
  const uptime = samplesOf((await collectOnce(uptimeCollector, T1, 0)).result);
  assert.equal(valueOf(uptime, 'linux.computer', 'local', 'uptime.seconds'), 12345.67);
  const os = samplesOf((await collectOnce(osCollector, T1, 0)).result);
  assert.equal(valueOf(os, 'linux.computer', 'local', 'os.name'), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(valueOf(os, 'linux.computer', 'local', 'os.version'), '12');
  assert.equal(valueOf(os, 'linux.computer', 'local', 'kernel.release'), '6.1.0-test-amd64');
  assert.equal(valueOf(os, 'linux.computer', 'local', 'hostname'), 'fixture-host');
  assert.equal(valueOf(os, 'linux.computer', 'local', 'cpu.count'), 2);
});
