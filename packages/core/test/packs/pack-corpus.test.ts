// Table-driven: every good fixture validates; every bad fixture fails with the expected message
// at the expected file:line:column. Adding a bad fixture without a row here fails the suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkPack, formatDiagnostic } from '@vigil/core';
import { availablePacks, BAD_DIR, GOOD_DIR, packFiles, readText } from './corpus.ts';
import { fakeMonitorTypes } from './fake-monitor-type-catalogue.ts';

/** Bad fixture -> a substring of one formatted diagnostic (`file:line:column: message`). */
const BAD: Record<string, string> = {
  'yaml-syntax.pack.yaml': 'yaml-syntax.pack.yaml:6:1: YAML syntax: Missing closing "quote',
  'duplicate-key.pack.yaml': 'duplicate-key.pack.yaml:5:3: YAML syntax: Map keys must be unique',
  'missing-version.pack.yaml': 'missing-version.pack.yaml:2:3: "pack" is missing the required field "version".',
  'bad-version.pack.yaml': 'bad-version.pack.yaml:3:12: "pack.version" must be a version like 1.4.0 (major.minor.patch), got "1.0".',
  'unknown-field.pack.yaml': 'unknown-field.pack.yaml:9:5: "monitors[0]" has an unknown field "tagret". Did you mean "target"?',
  'bad-monitor-kind.pack.yaml': 'bad-monitor-kind.pack.yaml:8:11: "monitors[0]" needs "kind" set to one of unit, aggregate, dependency; got "units". Did you mean "unit"?',
  'wrong-type.pack.yaml': 'wrong-type.pack.yaml:10:65: "rules[0].source.intervalSeconds" must be whole seconds between 10 and 86400, got 5.',
  'override-context.pack.yaml': 'override-context.pack.yaml:11:14: "overrides[0].context" must have exactly one of the fields class, group, instance.',
  'unknown-base-class.pack.yaml': 'unknown-base-class.pack.yaml:8:11: Base class of "Acme.Base.Server": "Vigil.Core.Computr" is not defined in this pack or in a referenced pack. Did you mean "Vigil.Core.Computer"?',
  'duplicate-id.pack.yaml': 'duplicate-id.pack.yaml:10:9: Id "Acme.Dup.Server" is already used by classes[0].',
  'id-prefix.pack.yaml': 'id-prefix.pack.yaml:7:9: Id "Acme.Server" must start with the pack name "Acme.Prefix."',
  'not-referenced.pack.yaml': 'not-referenced.pack.yaml:12:13: Target class of monitor "Acme.Indirect.Heartbeat": "Vigil.Core.HealthService" is defined in pack Vigil.Core, which this pack does not reference directly.',
  'dangling-target.pack.yaml': 'dangling-target.pack.yaml:9:13: Target class of monitor "Acme.Dangling.Cpu": "Acme.Dangling.Server" is not defined in this pack or in a referenced pack.',
  'unknown-monitor-type.pack.yaml': 'unknown-monitor-type.pack.yaml:11:11: Monitor type "treshold" is unknown.',
  'bad-monitor-config.pack.yaml': 'bad-monitor-config.pack.yaml:14:7: Config of monitor "Acme.Config.Cpu" (type threshold): with direction "above", "warning" (95) must not exceed "critical" (80).',
  'override-missing-workflow.pack.yaml': 'override-missing-workflow.pack.yaml:8:15: Workflow of override "Acme.Overrides.DiskWarning": "Vigil.Linux.LogicalDisk.FreeSpaceMonitor" is not defined',
  'override-missing-parameter.pack.yaml': 'override-missing-parameter.pack.yaml:9:16: monitor "Vigil.Linux.LogicalDisk.FreeSpace" has no overridable parameter "warnng". Did you mean "warning"?',
  'override-bad-value.pack.yaml': 'override-bad-value.pack.yaml:10:12: Override "Acme.Overrides.DisableDisk": value for "enabled" must be a boolean (true or false), got "no".',
  'class-cycle.pack.yaml': 'class-cycle.pack.yaml:8:11: Class inheritance forms a cycle: Acme.Cycle.A -> Acme.Cycle.B -> Acme.Cycle.C -> Acme.Cycle.A.',
  'group-cycle.pack.yaml': 'group-cycle.pack.yaml:8:20: Nested groups form a cycle: Acme.Groups.Web -> Acme.Groups.Frontend -> Acme.Groups.Web.',
  'sealed-with-overrides.pack.yaml': 'sealed-with-overrides.pack.yaml:7:1: Pack Acme.Sealed is sealed, and overrides go into unsealed packs.',
  'missing-reference.pack.yaml': 'missing-reference.pack.yaml:8:13: Referenced pack Vigil.Windows is not available.',
  'reference-too-old.pack.yaml': 'reference-too-old.pack.yaml:7:16: Pack Acme.Future needs Vigil.Core 2.0.0 or later, but 1.0.0 is available.',
  'discovery-missing-key.pack.yaml': 'discovery-missing-key.pack.yaml:20:9: Discovery "Acme.Disco.ServiceDiscovery" does not set key property "ServiceName"',
  'dependency-relationship.pack.yaml': 'dependency-relationship.pack.yaml:11:19: Dependency monitor "Acme.Dep.AgentHealth" targets "Vigil.Core.ResourcePool", but relationship "Vigil.Core.ComputerHostsHealthService" starts at "Vigil.Core.Computer".',
  'parent-not-aggregate.pack.yaml': 'parent-not-aggregate.pack.yaml:10:13: Parent "Vigil.Core.HealthService.SendQueue" of monitor "Acme.Parent.Heartbeat" is a unit monitor; only aggregate monitors have children.',
  'hosted-without-host.pack.yaml': 'hosted-without-host.pack.yaml:9:13: Class "Acme.Hosted.Database" is hosted but no hosting relationship targets it',
  'group-rule-property.pack.yaml': 'group-rule-property.pack.yaml:11:25: Class "Vigil.Core.Computer" has no property "Hostname".',
  'source-kind-mismatch.pack.yaml': 'source-kind-mismatch.pack.yaml:12:21: Monitor "Acme.Sources.DiskFree" has a log source, which gives log-lines input, but monitor type threshold accepts sample. Use a source of kind counter or command',
  'source-bad-field.pack.yaml': 'source-bad-field.pack.yaml:12:75: "monitors[0].source.timeoutSeconds" must be whole seconds between 1 and 3600, got 0.',
  'probe-unknown.pack.yaml': 'probe-unknown.pack.yaml:16:35: Probe "htpp" of monitor "Acme.Probes.Site.Up" is unknown.',
  'probe-target-property.pack.yaml': 'probe-target-property.pack.yaml:20:14: Monitor "Acme.Probes.Site.Up" uses $target.Urll, but class "Acme.Probes.Site" has no property "Urll". Did you mean "Url"?',
  'targets-missing-key.pack.yaml': 'targets-missing-key.pack.yaml:18:11: Target "targets[1]" of discovery "Acme.Targets.Device.Discovery" has no field "host", which key property "Host" of "Acme.Targets.Device" is read from ($item.host).',
  'targets-override.pack.yaml': 'targets-override.pack.yaml:10:12: Override "Acme.TargetList.NotAList": value for "targets" must be a list of field maps',
};

/** Second problems that must be reported too (every problem, not just the first). */
const ALSO: Record<string, string> = {
  'discovery-missing-key.pack.yaml': 'discovery-missing-key.pack.yaml:21:9: Class "Acme.Disco.Service" has no property "Startup".',
  'override-bad-value.pack.yaml': 'override-bad-value.pack.yaml:15:12: Override "Acme.Overrides.WarningBelowCritical" makes the config of "Vigil.Linux.LogicalDisk.FreeSpace" invalid',
  'group-rule-property.pack.yaml': 'group-rule-property.pack.yaml:12:61: "web-(01" is not a valid regular expression',
  'source-kind-mismatch.pack.yaml': 'source-kind-mismatch.pack.yaml:20:7: Monitor "Acme.Sources.Panic" has a counter source, which gives sample input, but monitor type log-match accepts log-lines, tick, manual-reset. Use a source of kind log',
  'probe-target-property.pack.yaml': 'probe-target-property.pack.yaml:28:21: Monitor "Acme.Probes.Site.Latency" has a probe source, which gives probe-result input, but monitor type threshold accepts sample.',
  'targets-missing-key.pack.yaml': `targets-missing-key.pack.yaml:13:13: Discovery "Acme.Targets.Device.Discovery" lists targets, which the management servers' pool discovers without an agent. Set runsOn: pool.`,
  'targets-override.pack.yaml': 'targets-override.pack.yaml:15:12: Override "Acme.TargetList.NoUrl": Target "targets[0]" of discovery "Acme.Agentless.Listed" has no field "name"',
};

const available = availablePacks();
const options = { catalogue: fakeMonitorTypes, available };

for (const name of packFiles(GOOD_DIR)) {
  test(`good pack ${name} validates`, () => {
    const result = checkPack(readText(join(GOOD_DIR, name)), name, options);
    assert.equal(result.status, 'valid', result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic).join('\n') : '');
  });
}

test('every bad fixture has an expected message, and every expectation a fixture', () => {
  assert.deepEqual(packFiles(BAD_DIR), Object.keys(BAD).sort());
  assert.ok(packFiles(BAD_DIR).length >= 15);
});

for (const [name, expected] of Object.entries(BAD)) {
  test(`bad pack ${name} is refused at the right line`, () => {
    const result = checkPack(readText(join(BAD_DIR, name)), name, options);
    assert.equal(result.status, 'invalid');
    const messages = result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic) : [];
    for (const wanted of [expected, ALSO[name]].filter((text): text is string => text !== undefined)) {
      assert.ok(messages.some((message) => message.includes(wanted)), `expected\n  ${wanted}\ngot\n  ${messages.join('\n  ')}`);
    }
  });
}

test('diagnostics carry the file, a pointer path and a severity', () => {
  const result = checkPack(readText(join(BAD_DIR, 'dangling-target.pack.yaml')), 'packs/dangling.pack.yaml', options);
  assert.equal(result.status, 'invalid');
  if (result.status !== 'invalid') return;
  assert.deepEqual(
    { ...result.diagnostics[0], message: undefined },
    { severity: 'error', file: 'packs/dangling.pack.yaml', line: 9, column: 13, path: '/monitors/0/target', message: undefined },
  );
});

test('a sealed pack without its seal validates with a warning (import refuses it until signed)', () => {
  const result = checkPack(readText(join(GOOD_DIR, 'contoso-web.pack.yaml')), 'contoso-web.pack.yaml', options);
  assert.equal(result.status, 'valid');
  if (result.status !== 'valid') return;
  assert.equal(result.warnings.length, 1);
  assert.match(formatDiagnostic(result.warnings[0]!), /contoso-web\.pack\.yaml:6:11: warning: Pack Contoso\.Web is marked sealed but carries no seal yet/);
});

test('a pack that is not a mapping, or empty, gets one clear error', () => {
  const empty = checkPack('', 'empty.pack.yaml', options);
  assert.equal(empty.status, 'invalid');
  assert.match(empty.status === 'invalid' ? formatDiagnostic(empty.diagnostics[0]!) : '', /^empty\.pack\.yaml:1:1: The pack must be a mapping/);
  const list = checkPack('- a\n- b\n', 'list.pack.yaml', options);
  assert.match(list.status === 'invalid' ? formatDiagnostic(list.diagnostics[0]!) : '', /^list\.pack\.yaml:1:1: The pack must be a mapping/);
});
