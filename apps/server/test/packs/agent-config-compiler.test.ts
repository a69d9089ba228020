import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePack, type Override, type PackDocument } from '@vigil/core';
import { BUILT_IN_PACKS_DIR } from '@vigil/server';
import { buildPackCatalogue } from '../../src/packs/pack-catalogue.ts';
import { compileAgentConfig, type AgentObject } from '../../src/packs/agent-config-compiler.ts';

function pack(folder: string, file: string): PackDocument {
  const parsed = parsePack(readFileSync(join(BUILT_IN_PACKS_DIR, folder, file), 'utf8'), file);
  assert.equal(parsed.status, 'parsed');
  return parsed.status === 'parsed' ? parsed.pack.document : (undefined as never);
}

const catalogue = buildPackCatalogue([pack('vigil-core', 'vigil-core.pack.yaml'), pack('linux', 'vigil-linux.pack.yaml')]);
const computer: AgentObject = { id: 'c1', classId: 'Vigil.Core.Computer', objectKey: 'Vigil.Core.Computer:web01', properties: {}, groupIds: ['Web.Servers'] };

test('a computer first gets discoveries; discovered disks then add their monitors and rules', () => {
  const first = compileAgentConfig(catalogue, [computer], []);
  assert.ok(first.workflows.some((w) => w.kind === 'discovery'));
  assert.ok(first.workflows.every((w) => w.targetKey === computer.objectKey));
  const disk: AgentObject = { id: 'd1', classId: 'Vigil.Linux.LogicalDisk', objectKey: 'Vigil.Linux.LogicalDisk:web01/var', properties: { MountPoint: '/var' }, groupIds: [] };
  const second = compileAgentConfig(catalogue, [computer, disk], []);
  assert.ok(second.workflows.some((w) => w.targetKey === disk.objectKey && w.kind === 'monitor'));
  assert.notEqual(second.version, first.version);
  assert.equal(compileAgentConfig(catalogue, [computer, disk], []).version, second.version, 'an unchanged instance space gives an unchanged version');
});

test('overrides are applied by the server: instance beats group beats class; disabled workflows are left out', () => {
  const diskMonitor = catalogue.unitMonitorsFor(catalogue.classChain('Vigil.Linux.LogicalDisk'))[0]!;
  const parameter = Object.keys(diskMonitor.config).find((k) => typeof diskMonitor.config[k] === 'number')!;
  const disk: AgentObject = { id: 'd1', classId: 'Vigil.Linux.LogicalDisk', objectKey: 'Vigil.Linux.LogicalDisk:web01/var', properties: {}, groupIds: ['Web.Disks'] };
  const overrides: Override[] = [
    { id: 'o1', workflowId: diskMonitor.id, parameter, value: 20, target: { kind: 'class', classId: 'Vigil.Linux.LogicalDisk' }, enforced: false },
    { id: 'o2', workflowId: diskMonitor.id, parameter, value: 25, target: { kind: 'group', groupId: 'Web.Disks' }, enforced: false },
  ];
  const configOf = (objects: AgentObject[], list: Override[]) =>
    compileAgentConfig(catalogue, objects, list).workflows.find((w) => w.workflowId === diskMonitor.id && w.targetKey === disk.objectKey)?.configuration as { config: Record<string, unknown> } | undefined;
  assert.equal(configOf([disk], overrides)?.config[parameter], 25);
  assert.equal(configOf([{ ...disk, groupIds: [] }], overrides)?.config[parameter], 20);
  assert.equal(configOf([disk], [...overrides, { id: 'o3', workflowId: diskMonitor.id, parameter, value: 30, target: { kind: 'instance', objectId: 'd1' }, enforced: false }])?.config[parameter], 30);
  assert.equal(configOf([disk], [{ id: 'o4', workflowId: diskMonitor.id, parameter: 'enabled', value: false, target: { kind: 'instance', objectId: 'd1' }, enforced: false }]), undefined);
});
