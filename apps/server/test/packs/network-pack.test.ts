// The Vigil.Network pack and the "Agentless monitoring" worked example of docs/management-packs.md
// validate against the real monitor type registry and the real probe registry (as at import).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPack, createMonitorTypeRegistry, formatDiagnostic, parsePack, type PackDocument } from '@vigil/core';
import { BUILT_IN_PACKS_DIR } from '@vigil/server';
import { PROBE_REGISTRY, probeIds, validateProbe } from '../../src/probes/probe-registry.ts';

const registry = createMonitorTypeRegistry();
const probes = { has: (probe: string) => PROBE_REGISTRY.has(probe), validateConfig: validateProbe, ids: probeIds };
const read = (...parts: string[]): string => readFileSync(join(BUILT_IN_PACKS_DIR, ...parts), 'utf8');
const document = (text: string): PackDocument => {
  const parsed = parsePack(text, 'x');
  assert.equal(parsed.status, 'parsed');
  return parsed.status === 'parsed' ? parsed.pack.document : (undefined as never);
};
const core = document(read('vigil-core', 'vigil-core.pack.yaml'));

test('the Vigil.Network pack validates with the real monitor type and probe registries', () => {
  const result = checkPack(read('network', 'vigil-network.pack.yaml'), 'vigil-network.pack.yaml', { catalogue: registry, probes, available: [core] });
  assert.equal(result.status, 'valid', result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic).join('\n') : '');
  assert.deepEqual(result.status === 'valid' ? result.warnings : [], []);
});

test('the real probe registry refuses a bad probe setting at import, with file and line', () => {
  const text = read('network', 'vigil-network.pack.yaml').replace('config: { host: $target.Host, count: 3 }', 'config: { host: $target.Host, count: 30 }');
  const result = checkPack(text, 'vigil-network.pack.yaml', { catalogue: registry, probes, available: [core] });
  const messages = result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic) : [];
  assert.ok(messages.some((m) => /^vigil-network\.pack\.yaml:\d+:\d+: Probe config of monitor "Vigil\.Network\.Device\.Reachability" \(probe icmp\): "count" must be a number from 1 to 10$/.test(m)), messages.join('\n'));
});

test('the Agentless monitoring worked example in docs/management-packs.md validates against the Network pack', () => {
  const docs = readFileSync(join(BUILT_IN_PACKS_DIR, '..', 'docs', 'management-packs.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## Agentless monitoring'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  assert.match(example, /Vigil\.Network\.WebSite\.Discovery/);
  const network = document(read('network', 'vigil-network.pack.yaml'));
  const result = checkPack(example, 'contoso-network.pack.yaml', { catalogue: registry, probes, available: [core, network] });
  assert.equal(result.status, 'valid', result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic).join('\n') : '');
});
