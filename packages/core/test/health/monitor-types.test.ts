import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_MONITOR_TYPES,
  createMonitorTypeRegistry,
  isVigilError,
  parseNagiosOutput,
  type HealthState,
  type MonitorInput,
  type MonitorSnapshot,
  type MonitorTypeCatalogue,
} from '@vigil/core';

const registry = createMonitorTypeRegistry();
const T0 = Date.UTC(2026, 0, 1);

/** Feeds inputs through a compiled monitor and returns the state after each one. */
function run(typeId: string, config: unknown, inputs: MonitorInput[]): HealthState[] {
  const monitor = registry.compile(typeId, config);
  let previous: MonitorSnapshot<unknown> | undefined;
  return inputs.map((input) => {
    const result = monitor.evaluate(previous, input);
    previous = result;
    return result.state;
  });
}

const samples = (...values: number[]): MonitorInput[] => values.map((value, i) => ({ kind: 'sample', atMs: T0 + i * 60_000, value }));

const sequences: { name: string; type: string; config: unknown; inputs: MonitorInput[]; states: HealthState[] }[] = [
  { name: 'threshold 3-state above', type: 'threshold', config: { direction: 'above', warning: 80, critical: 90 }, inputs: samples(50, 85, 95, 90, 80), states: ['healthy', 'warning', 'critical', 'warning', 'healthy'] },
  { name: 'threshold 2-state below', type: 'threshold', config: { direction: 'below', critical: 10 }, inputs: samples(50, 5, 10), states: ['healthy', 'critical', 'healthy'] },
  { name: 'threshold 2-state warning only', type: 'threshold', config: { direction: 'above', warning: 1 }, inputs: samples(2, 100), states: ['warning', 'warning'] },
  {
    name: 'consecutive: 3 samples needed, one spike ignored',
    type: 'consecutive-threshold',
    config: { direction: 'above', critical: 90, samples: 3 },
    inputs: samples(95, 50, 95, 95, 95, 50),
    states: ['healthy', 'healthy', 'healthy', 'healthy', 'critical', 'healthy'],
  },
  {
    name: 'consecutive: mixed warning/critical run counts as warning',
    type: 'consecutive-threshold',
    config: { direction: 'above', warning: 80, critical: 90, samples: 2, recoverySamples: 2 },
    inputs: samples(95, 85, 95, 95, 50, 50),
    states: ['healthy', 'warning', 'warning', 'critical', 'critical', 'healthy'],
  },
  {
    name: 'average over 3 samples',
    type: 'average-threshold',
    config: { direction: 'above', warning: 50, critical: 80, windowSamples: 3 },
    inputs: samples(100, 100, 10, 100, 100, 100, 0, 0),
    states: ['healthy', 'healthy', 'warning', 'warning', 'warning', 'critical', 'warning', 'healthy'],
  },
  {
    name: 'delta between samples',
    type: 'delta-threshold',
    config: { direction: 'above', warning: 10, critical: 100 },
    inputs: samples(1000, 1005, 1020, 1200, 1200),
    states: ['healthy', 'healthy', 'warning', 'critical', 'healthy'],
  },
  {
    name: 'delta below: a counter that stops rising',
    type: 'delta-threshold',
    config: { direction: 'below', critical: 1 },
    inputs: samples(1, 5, 5),
    states: ['healthy', 'healthy', 'critical'],
  },
  {
    name: 'nagios exit codes 0/1/2/3/7',
    type: 'nagios-plugin',
    config: {},
    inputs: [0, 1, 2, 3, 7].map((exitCode) => ({ kind: 'plugin-result', atMs: T0, exitCode, output: 'x' })),
    states: ['healthy', 'warning', 'critical', 'unknown', 'unknown'],
  },
  {
    name: 'nagios UNKNOWN mapped to critical',
    type: 'nagios-plugin',
    config: { unknownAs: 'critical' },
    inputs: [{ kind: 'plugin-result', atMs: T0, exitCode: 3, output: 'UNKNOWN - cannot connect' }],
    states: ['critical'],
  },
  {
    name: 'log match with manual reset',
    type: 'log-match',
    config: { pattern: 'ERROR \\d+', reset: 'manual' },
    inputs: [
      { kind: 'log-lines', atMs: T0, lines: ['ok', 'fine'] },
      { kind: 'log-lines', atMs: T0 + 1000, lines: ['ok', 'ERROR 42 disk'] },
      { kind: 'tick', atMs: T0 + 86_400_000 },
      { kind: 'manual-reset', atMs: T0 + 86_400_001, by: 'alice' },
    ],
    states: ['healthy', 'critical', 'critical', 'healthy'],
  },
  {
    name: 'log match with timed reset after 300 s from the last match',
    type: 'log-match',
    config: { pattern: 'fail', flags: 'i', reset: 'timed', resetAfterSeconds: 300, unhealthyState: 'warning' },
    inputs: [
      { kind: 'log-lines', atMs: T0, lines: ['FAIL'] },
      { kind: 'log-lines', atMs: T0 + 200_000, lines: ['Failed again'] },
      { kind: 'tick', atMs: T0 + 400_000 },
      { kind: 'tick', atMs: T0 + 500_000 },
    ],
    states: ['warning', 'warning', 'warning', 'healthy'],
  },
  {
    name: 'service state default expects running',
    type: 'service-state',
    config: {},
    inputs: ['Running', 'stopped', 'not-found'].map((status) => ({ kind: 'service-status', atMs: T0, status })),
    states: ['healthy', 'critical', 'critical'],
  },
  {
    name: 'service state with expected states',
    type: 'service-state',
    config: { expectedStates: ['active', 'reloading'], unhealthyState: 'warning' },
    inputs: ['reloading', 'failed'].map((status) => ({ kind: 'service-status', atMs: T0, status })),
    states: ['healthy', 'warning'],
  },
  {
    name: 'heartbeat: 60 s interval, warning at 2, critical at 4 missed',
    type: 'heartbeat',
    config: { intervalSeconds: 60, missedForWarning: 2, missedForCritical: 4 },
    inputs: [
      { kind: 'tick', atMs: T0 },
      { kind: 'heartbeat', atMs: T0 },
      { kind: 'tick', atMs: T0 + 119_000 },
      { kind: 'tick', atMs: T0 + 120_000 },
      { kind: 'tick', atMs: T0 + 240_000 },
      { kind: 'heartbeat', atMs: T0 + 250_000 },
    ],
    states: ['unknown', 'healthy', 'healthy', 'warning', 'critical', 'healthy'],
  },
  {
    name: 'probe: 2 failures before critical, latency thresholds',
    type: 'probe-result',
    config: { failuresBeforeUnhealthy: 2, latencyWarningMs: 200, latencyCriticalMs: 1000 },
    inputs: [
      { kind: 'probe-result', atMs: T0, success: true, latencyMs: 20 },
      { kind: 'probe-result', atMs: T0, success: false, detail: 'timeout' },
      { kind: 'probe-result', atMs: T0, success: false, detail: 'timeout' },
      { kind: 'probe-result', atMs: T0, success: true, latencyMs: 500 },
      { kind: 'probe-result', atMs: T0, success: true, latencyMs: 1500 },
      { kind: 'probe-result', atMs: T0, success: true },
    ],
    states: ['healthy', 'healthy', 'critical', 'warning', 'critical', 'healthy'],
  },
];

for (const s of sequences) {
  test(`monitor type ${s.type}: ${s.name}`, () => {
    assert.deepEqual(run(s.type, s.config, s.inputs), s.states);
  });
}

const invalidConfigs: { type: string; config: unknown; message: RegExp }[] = [
  { type: 'threshold', config: 'x', message: /configuration must be an object/ },
  { type: 'threshold', config: { direction: 'up', critical: 1 }, message: /"direction" must be one of above, below, got "up"/ },
  { type: 'threshold', config: { direction: 'above' }, message: /set "warning", "critical" or both/ },
  { type: 'threshold', config: { direction: 'above', warning: 95, critical: 90 }, message: /"warning" \(95\) must not exceed "critical" \(90\)/ },
  { type: 'threshold', config: { direction: 'above', critical: 1, typo: 2 }, message: /unknown field "typo"/ },
  { type: 'consecutive-threshold', config: { direction: 'above', critical: 1 }, message: /"samples" is required/ },
  { type: 'average-threshold', config: { direction: 'above', critical: 1, windowSamples: 0 }, message: /"windowSamples" must be an integer from 1 to 10000, got 0/ },
  { type: 'nagios-plugin', config: { unknownAs: 'healthy' }, message: /"unknownAs" must be one of/ },
  { type: 'log-match', config: { pattern: '(', reset: 'manual' }, message: /"pattern" is not a valid regular expression/ },
  { type: 'log-match', config: { pattern: 'x', reset: 'timed' }, message: /"resetAfterSeconds" is required when "reset" is "timed"/ },
  { type: 'log-match', config: { pattern: 'x', flags: 'g', reset: 'manual' }, message: /without g or y/ },
  { type: 'service-state', config: { expectedStates: [] }, message: /non-empty list/ },
  { type: 'heartbeat', config: { missedForWarning: 4 }, message: /"missedForWarning" \(4\) must be less than "missedForCritical" \(4\)/ },
  { type: 'probe-result', config: { latencyWarningMs: 500, latencyCriticalMs: 100 }, message: /must not exceed "latencyCriticalMs"/ },
  { type: 'no-such-type', config: {}, message: /unknown monitor type "no-such-type"; known types: threshold, / },
];

for (const c of invalidConfigs) {
  test(`config validation: ${c.type} ${JSON.stringify(c.config)}`, () => {
    const errors = registry.validateConfig(c.type, c.config);
    assert.ok(errors.some((e) => c.message.test(e)), errors.join(' | '));
  });
}

test('every built-in type has the same shape and accepts a minimal valid config', () => {
  const minimal: Record<string, unknown> = {
    threshold: { direction: 'above', critical: 1 },
    'consecutive-threshold': { direction: 'above', critical: 1, samples: 2 },
    'average-threshold': { direction: 'above', critical: 1, windowSamples: 2 },
    'delta-threshold': { direction: 'above', critical: 1 },
    'nagios-plugin': {},
    'log-match': { pattern: 'x', reset: 'manual' },
    'service-state': {},
    heartbeat: {},
    'probe-result': {},
  };
  assert.deepEqual(registry.ids(), Object.keys(minimal));
  for (const type of BUILTIN_MONITOR_TYPES) {
    assert.deepEqual(type.validateConfig(minimal[type.id]), [], type.id);
    assert.ok(type.inputKinds.length > 0 && type.summary.length > 0, type.id);
  }
});

test('the registry satisfies the packs MonitorTypeCatalogue port', () => {
  const catalogue: MonitorTypeCatalogue = registry;
  assert.equal(catalogue.has('heartbeat'), true);
  assert.equal(catalogue.has('nope'), false);
});

test('state models follow the configuration', () => {
  assert.equal(registry.compile('threshold', { direction: 'above', critical: 1 }).stateModel, 'two-state');
  assert.equal(registry.compile('threshold', { direction: 'above', warning: 0, critical: 1 }).stateModel, 'three-state');
  assert.equal(registry.compile('probe-result', { latencyWarningMs: 100 }).stateModel, 'three-state');
  assert.equal(registry.compile('heartbeat', {}).stateModel, 'two-state');
});

test('compile rejects invalid configs, unknown types and foreign inputs with catalogue errors', () => {
  assert.throws(() => registry.compile('threshold', {}), (e) => isVigilError(e, 'VALIDATION_FAILED') && /direction/.test(e.message));
  assert.throws(() => registry.compile('nope', {}), (e) => isVigilError(e, 'NOT_FOUND'));
  assert.throws(() => registry.get('nope'), (e) => isVigilError(e, 'NOT_FOUND'));
  const monitor = registry.compile('threshold', { direction: 'above', critical: 1 });
  assert.throws(() => monitor.evaluate(undefined, { kind: 'heartbeat', atMs: T0 }), /does not accept heartbeat input; it accepts sample/);
  assert.throws(() => createMonitorTypeRegistry([...BUILTIN_MONITOR_TYPES, BUILTIN_MONITOR_TYPES[0]!]), /registered twice/);
});

test('context says what caused the state: sample value, plugin output and perfdata', () => {
  const sample = registry.compile('threshold', { direction: 'above', critical: 90 }).evaluate(undefined, { kind: 'sample', atMs: T0, value: 97 });
  assert.deepEqual(sample.context.observed, { value: 97 });
  assert.match(sample.context.summary, /97 is critical/);
  const plugin = registry
    .compile('nagios-plugin', {})
    .evaluate(undefined, { kind: 'plugin-result', atMs: T0, exitCode: 1, output: "DISK WARNING - 85% used | '/ used'=85%;80;90;0;100 inodes=12\nlong text" });
  assert.equal(plugin.context.observed['output'], 'DISK WARNING - 85% used');
  assert.equal(plugin.context.observed['perf./ used'], 85);
  assert.equal(plugin.context.observed['perf.inodes'], 12);
  const log = registry.compile('log-match', { pattern: 'ERROR', reset: 'manual' }).evaluate(undefined, { kind: 'log-lines', atMs: T0, lines: ['a', 'ERROR b'] });
  assert.equal(log.context.observed['line'], 'ERROR b');
});

test('nagios output: perfdata fields parsed, output cut at 8 KB', () => {
  const parsed = parseNagiosOutput('OK | time=0.5s;1;2;0; size=10B');
  assert.deepEqual(parsed.perfdata, [
    { label: 'time', value: 0.5, unit: 's', warn: '1', crit: '2', min: 0 },
    { label: 'size', value: 10, unit: 'B' },
  ]);
  const long = parseNagiosOutput('x'.repeat(9000));
  assert.equal(long.truncated, true);
  assert.equal(long.text.length, 8192);
});
