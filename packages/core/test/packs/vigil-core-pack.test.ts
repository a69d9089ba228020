// The built-in Vigil Core pack: valid on its own, with the classes, hosting and agent health
// monitors every other pack builds on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPack, createMonitorTypeRegistry, formatDiagnostic, type MonitorTypeCatalogue, type UnitMonitor } from '@vigil/core';
import { CORE_PACK_FILE, readText } from './corpus.ts';
import { fakeMonitorTypes } from './fake-monitor-type-catalogue.ts';

function checkCore(catalogue: MonitorTypeCatalogue) {
  const result = checkPack(readText(CORE_PACK_FILE), 'vigil-core.pack.yaml', { catalogue });
  if (result.status !== 'valid') assert.fail(result.diagnostics.map(formatDiagnostic).join('\n'));
  assert.deepEqual(result.warnings, []);
  return result.pack.document;
}

test('Vigil Core validates with no references and no warnings', () => {
  const core = checkCore(fakeMonitorTypes);
  assert.equal(core.pack.name, 'Vigil.Core');
  assert.deepEqual(core.pack.references ?? [], []);
});

test('Vigil Core also satisfies the real monitor type registry (the port is met structurally)', () => {
  checkCore(createMonitorTypeRegistry());
});

test('Vigil Core defines the root classes, with Entity abstract and the agent hosted by its computer', () => {
  const core = checkCore(fakeMonitorTypes);
  const classes = new Map((core.classes ?? []).map((cls) => [cls.id.replace('Vigil.Core.', ''), cls]));
  assert.deepEqual([...classes.keys()].sort(), ['Computer', 'Entity', 'Gateway', 'Group', 'HealthService', 'ManagementServer', 'ResourcePool']);
  assert.equal(classes.get('Entity')?.abstract, true);
  assert.equal(classes.get('Entity')?.base, undefined);
  assert.equal(classes.get('HealthService')?.hosted, true);
  assert.equal(classes.get('ManagementServer')?.base, 'Vigil.Core.HealthService');
  const hosting = (core.relationships ?? []).find((relationship) => relationship.kind === 'hosting');
  assert.deepEqual(hosting && { source: hosting.source, target: hosting.target }, { source: 'Vigil.Core.Computer', target: 'Vigil.Core.HealthService' });
});

test('the agent send-queue monitor warns at 50 % and is critical at 60 %; heartbeat allows 4 misses', () => {
  const core = checkCore(fakeMonitorTypes);
  const units = new Map((core.monitors ?? []).filter((monitor): monitor is UnitMonitor => monitor.kind === 'unit').map((monitor) => [monitor.id, monitor]));
  const sendQueue = units.get('Vigil.Core.HealthService.SendQueue');
  assert.equal(sendQueue?.type, 'threshold');
  assert.deepEqual(sendQueue?.config, { warning: 50, critical: 60, direction: 'above' });
  assert.equal(sendQueue?.source !== undefined && 'counter' in sendQueue.source ? sendQueue.source.counter : undefined, 'healthservice.spool.used_percent');
  const heartbeat = units.get('Vigil.Core.HealthService.Heartbeat');
  assert.equal(heartbeat?.type, 'heartbeat');
  assert.equal(heartbeat?.config['missedForCritical'], 4);
  assert.equal(heartbeat?.parent, 'Availability');
  assert.equal(heartbeat?.alert?.severity, 'critical');
});
