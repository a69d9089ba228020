// The pool compiler: a pool object's probe definitions from the Vigil.Network pack, with
// `$target.X` filled in and overrides applied as for agents (class < group < instance, enforced
// wins); disabled monitors and configs the probe refuses are left out (with a reason).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePack, type Override, type PackDocument } from '@vigil/core';
import { BUILT_IN_PACKS_DIR } from '@vigil/server';
import { buildPackCatalogue } from '../../src/packs/pack-catalogue.ts';
import { compilePoolProbes, type PoolObjectInput } from '../../src/packs/pool-config-compiler.ts';
import { compileAgentConfig } from '../../src/packs/agent-config-compiler.ts';
import { validateProbe } from '../../src/probes/probe-registry.ts';
import { probeDefinitions } from '../../src/pool/pool-objects.query.ts';

function pack(folder: string, file: string): PackDocument {
  const parsed = parsePack(readFileSync(join(BUILT_IN_PACKS_DIR, folder, file), 'utf8'), file);
  assert.equal(parsed.status, 'parsed');
  return parsed.status === 'parsed' ? parsed.pack.document : (undefined as never);
}

const catalogue = buildPackCatalogue([pack('vigil-core', 'vigil-core.pack.yaml'), pack('network', 'vigil-network.pack.yaml')]);
const AVAILABILITY = 'Vigil.Network.WebSite.Availability';
const site: PoolObjectInput = {
  id: 's1', classId: 'Vigil.Network.WebSite', objectKey: 'Vigil.Network.WebSite:shop',
  properties: { SiteName: 'shop', Url: 'https://shop.example', DisplayName: 'shop' }, groupIds: ['Web.Critical'],
};
const override = (id: string, workflowId: string, parameter: string, value: unknown, target: Override['target'], enforced = false): Override => ({ id, workflowId, parameter, value, target, enforced });

test('a web site gets its three HTTP probes with $target.Url filled in, in the probe workload format', () => {
  const compiled = compilePoolProbes(catalogue, site, [], validateProbe);
  assert.deepEqual(compiled.problems, []);
  assert.deepEqual(compiled.probes.map((p) => p.monitorId), ['Vigil.Network.WebSite.Availability', 'Vigil.Network.WebSite.Certificate', 'Vigil.Network.WebSite.ResponseTime']);
  const availability = compiled.probes[0]!;
  assert.deepEqual(availability, { name: AVAILABILITY, probe: 'http', config: { url: 'https://shop.example', timeoutMs: 10000 }, intervalSeconds: 60, monitorId: AVAILABILITY, monitor: { failuresBeforeUnhealthy: 2 } });
  // What the probe workload reads back from properties_json.
  const read = probeDefinitions(JSON.stringify({ ...site.properties, probes: compiled.probes }));
  assert.equal(read[0]!.intervalMs, 60_000);
  assert.equal(read[0]!.monitorId, AVAILABILITY);
  assert.deepEqual(read[0]!.monitor, { failuresBeforeUnhealthy: 2 });
});

test('overrides: class < group < instance, enforced wins; probe settings and the monitor config are both overridable', () => {
  const of = (list: Override[]) => compilePoolProbes(catalogue, site, list, validateProbe).probes.find((p) => p.monitorId === AVAILABILITY);
  const byClass = override('o1', AVAILABILITY, 'intervalSeconds', 30, { kind: 'class', classId: 'Vigil.Network.WebSite' });
  const byGroup = override('o2', AVAILABILITY, 'intervalSeconds', 20, { kind: 'group', groupId: 'Web.Critical' });
  const byInstance = override('o3', AVAILABILITY, 'intervalSeconds', 15, { kind: 'instance', objectId: 's1' });
  assert.equal(of([byClass])?.intervalSeconds, 30);
  assert.equal(of([byClass, byGroup])?.intervalSeconds, 20);
  assert.equal(of([byClass, byGroup, byInstance])?.intervalSeconds, 15);
  assert.equal(of([byInstance, { ...byClass, enforced: true }])?.intervalSeconds, 30, 'an enforced override wins');
  const probeSetting = override('o4', AVAILABILITY, 'timeoutMs', 2500, { kind: 'class', classId: 'Vigil.Core.Entity' });
  const monitorSetting = override('o5', AVAILABILITY, 'failuresBeforeUnhealthy', 1, { kind: 'instance', objectId: 's1' });
  assert.deepEqual(of([probeSetting, monitorSetting]), { ...of([])!, config: { url: 'https://shop.example', timeoutMs: 2500 }, monitor: { failuresBeforeUnhealthy: 1 } });
  assert.equal(of([override('o6', AVAILABILITY, 'enabled', false, { kind: 'group', groupId: 'Web.Critical' })]), undefined, 'a disabled monitor is left out');
});

test('a config the probe refuses for this object is left out with a reason; typed $target values stay typed', () => {
  const broken = compilePoolProbes(catalogue, { ...site, properties: { SiteName: 'x', Url: 'ftp://nope' } }, [], validateProbe);
  assert.equal(broken.probes.length, 0);
  assert.match(broken.problems[0]!, /Monitor Vigil\.Network\.WebSite\.Availability is not run for Vigil\.Network\.WebSite:shop: probe http "url" must start with http:\/\/ or https:\/\//);
  const service: PoolObjectInput = { id: 't1', classId: 'Vigil.Network.TcpService', objectKey: 'Vigil.Network.TcpService:db', properties: { ServiceName: 'db', Host: '10.0.0.5', Port: 5432 }, groupIds: [] };
  const tcp = compilePoolProbes(catalogue, service, [], validateProbe).probes[0]!;
  assert.deepEqual(tcp.config, { host: '10.0.0.5', port: 5432, timeoutMs: 5000 });
  const device: PoolObjectInput = { id: 'd1', classId: 'Vigil.Network.Device', objectKey: 'Vigil.Network.Device:sw1', properties: { DeviceName: 'sw1', Host: '10.0.0.1', SnmpVersion: '2c', SnmpCommunity: 'public' }, groupIds: [] };
  const required = override('o7', 'Vigil.Network.Device.Interfaces', 'interfaces', ['Gi0/1'], { kind: 'instance', objectId: 'd1' });
  const snmp = compilePoolProbes(catalogue, device, [required], validateProbe).probes.find((p) => p.probe === 'snmp')!;
  assert.deepEqual(snmp.config, { host: '10.0.0.1', version: '2c', community: 'public', operation: 'interfaces', interfaces: ['Gi0/1'] });
});

test('probe monitors never reach an agent, even on a class an agent has', () => {
  const agentCompiled = compileAgentConfig(catalogue, [{ id: 's1', classId: 'Vigil.Network.WebSite', objectKey: site.objectKey, properties: site.properties, groupIds: [] }], []);
  assert.deepEqual(agentCompiled.workflows, []);
});
