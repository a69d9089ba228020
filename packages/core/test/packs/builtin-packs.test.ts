// The packs Vigil ships validate against the real monitor type registry (so every source kind
// fits its monitor type and every config is one the type accepts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkPack, createMonitorTypeRegistry, formatDiagnostic } from '@vigil/core';
import { CORE_PACK_FILE, loadDocument, readText } from './corpus.ts';

const PACKS_DIR = join(CORE_PACK_FILE, '..', '..');
const registry = createMonitorTypeRegistry();
const available = [loadDocument(CORE_PACK_FILE)];

for (const file of ['linux/vigil-linux.pack.yaml', 'nagios/vigil-nagios.pack.yaml', 'network/vigil-network.pack.yaml']) {
  test(`built-in pack ${file} validates with the real monitor type registry`, () => {
    const result = checkPack(readText(join(PACKS_DIR, file)), file, { catalogue: registry, available });
    assert.equal(result.status, 'valid', result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic).join('\n') : '');
  });
}

test('the real registry refuses a source whose input the monitor type does not accept', () => {
  const text = readText(join(CORE_PACK_FILE, '..', '..', 'linux', 'vigil-linux.pack.yaml')).replace(
    'source: { kind: service, name: $target.ServiceName, intervalSeconds: 60 }',
    'source: { kind: nagios, plugin: check_procs, args: [], intervalSeconds: 60, timeoutSeconds: 10 }',
  );
  const result = checkPack(text, 'vigil-linux.pack.yaml', { catalogue: registry, available });
  assert.equal(result.status, 'invalid');
  const messages = result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic) : [];
  assert.ok(messages.some((m) => m.includes('has a nagios source, which gives plugin-result input, but monitor type service-state accepts service-status. Use a source of kind service')), messages.join('\n'));
});

test('the Nagios worked example in docs/management-packs.md validates against the Nagios pack', () => {
  const docs = readText(join(PACKS_DIR, '..', 'docs', 'management-packs.md'));
  const section = docs.slice(docs.indexOf('### Running Nagios checks'));
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const nagios = loadDocument(join(PACKS_DIR, 'nagios', 'vigil-nagios.pack.yaml'));
  const result = checkPack(example, 'contoso-checks.pack.yaml', { catalogue: registry, available: [...available, nagios] });
  assert.equal(result.status, 'valid', result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic).join('\n') : '');
});
