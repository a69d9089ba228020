// Agentless monitoring in packs: `kind: targets` discoveries and `kind: probe` monitor sources.
// With a probe catalogue (the server passes its registry) probe configs are checked at the line
// of the monitor's config, skipping fields that only get their value per object ($target.X);
// overrides of probe settings and of the targets are checked the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkPack, formatDiagnostic, overridableParameters, substituteTarget, targetItems, targetReferences, type ProbeCatalogue } from '@vigil/core';
import { availablePacks, GOOD_DIR, loadDocument, readText } from './corpus.ts';
import { fakeMonitorTypes } from './fake-monitor-type-catalogue.ts';

/** A stand-in for the server's probe registry: http needs a url starting with http(s)://, timeoutMs up to 60000. */
const probes: ProbeCatalogue = {
  has: (probe) => probe === 'http' || probe === 'tcp',
  ids: () => ['http', 'tcp'],
  validateConfig(probe, config) {
    const record = config as Record<string, unknown>;
    const problems: string[] = [];
    if (probe === 'http' && !/^https?:\/\//.test(String(record['url']))) problems.push('"url" must start with http:// or https://');
    if (record['timeoutMs'] !== undefined && !(typeof record['timeoutMs'] === 'number' && record['timeoutMs'] <= 60_000)) problems.push('"timeoutMs" must be a number from 1 to 60000');
    if (probe === 'tcp' && typeof record['port'] !== 'number') problems.push('"port" must be a number from 1 to 65535');
    return problems;
  },
};
const options = { catalogue: fakeMonitorTypes, probes, available: availablePacks() };

function messages(text: string, file: string): string[] {
  const result = checkPack(text, file, options);
  return result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic) : [];
}

test('the agentless good fixture validates with the probe catalogue ($target fields are checked per object)', () => {
  const result = checkPack(readText(join(GOOD_DIR, 'acme-agentless.pack.yaml')), 'acme-agentless.pack.yaml', options);
  assert.equal(result.status, 'valid', result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic).join('\n') : '');
});

test('a probe config the probe refuses is reported at the monitor config line', () => {
  const text = readText(join(GOOD_DIR, 'acme-agentless.pack.yaml')).replace('config: { url: $target.Url, timeoutMs: 5000 }', 'config: { url: ftp://x, timeoutMs: 500000 }');
  const found = messages(text, 'acme-agentless.pack.yaml');
  assert.ok(found.some((m) => m.startsWith('acme-agentless.pack.yaml:39:49: Probe config of monitor "Acme.Agentless.Site.Availability" (probe http): "url" must start with http:// or https://')), found.join('\n'));
  assert.ok(found.some((m) => m.includes('(probe http): "timeoutMs" must be a number from 1 to 60000')), found.join('\n'));
});

test('an override of a probe setting is checked against the probe, at the override value', () => {
  const text = readText(join(GOOD_DIR, 'acme-agentless.pack.yaml')).replace('parameter: timeoutMs\n    value: 2000', 'parameter: timeoutMs\n    value: 900000');
  const found = messages(text, 'acme-agentless.pack.yaml');
  assert.ok(found.some((m) => m.startsWith('acme-agentless.pack.yaml:58:12: Override "Acme.Agentless.FastProbe" makes the probe config of "Acme.Agentless.Site.Availability" invalid: "timeoutMs"')), found.join('\n'));
});

test('overridable parameters: a targets discovery has targets, defaults and pool; a probe monitor its probe settings', () => {
  const pack = loadDocument(join(GOOD_DIR, 'acme-agentless.pack.yaml'));
  const discovery = overridableParameters({ kind: 'discovery', element: pack.discoveries![0]! });
  assert.deepEqual([...discovery.keys()].sort(), ['defaults', 'enabled', 'intervalSeconds', 'pool', 'targets']);
  const monitor = overridableParameters({ kind: 'monitor', element: pack.monitors![1]! });
  assert.deepEqual(monitor.get('port'), { type: 'any' }, 'a $target field takes any type');
  assert.deepEqual(monitor.get('host'), { type: 'any' });
  assert.ok(monitor.has('intervalSeconds'));
});

test('target items: map of scalars, map of field maps (with defaults), list of field maps', () => {
  assert.deepEqual(targetItems({ shop: 'https://shop' }), [{ key: 'shop', value: 'https://shop' }]);
  assert.deepEqual(targetItems({ sw1: { host: '10.0.0.1' } }, { version: '2c', host: 'none' }), [{ version: '2c', host: '10.0.0.1', key: 'sw1' }]);
  assert.deepEqual(targetItems([{ url: 'a' }, 'junk', { url: 'b' }]), [{ url: 'a' }, { url: 'b' }]);
  assert.deepEqual(targetItems('nonsense'), []);
});

test('$target substitution keeps the type of a whole reference and splices text into longer strings', () => {
  const config = { url: 'https://$target.Host:$target.Port/health', port: '$target.Port', missing: '$target.Nope', list: ['$target.Host', '$target.Nope'], nested: { host: '$target.Host' } };
  assert.deepEqual(substituteTarget(config, { Host: 'web01', Port: 8443 }), { url: 'https://web01:8443/health', port: 8443, list: ['web01'], nested: { host: 'web01' } });
  assert.deepEqual(targetReferences(config).map((r) => `${r.path.join('.')}=${r.property}`), ['url=Host', 'url=Port', 'port=Port', 'missing=Nope', 'list.0=Host', 'list.1=Nope', 'nested.host=Host']);
});
