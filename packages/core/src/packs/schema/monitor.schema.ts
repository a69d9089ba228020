// Monitors compute health state. A unit monitor runs a monitor type (a plugin of the health
// registry); an aggregate rolls up its child monitors on the same object; a dependency monitor
// rolls up a monitor of related objects (e.g. a computer's disks).
import Type, { type Static } from 'typebox';
import { ElementId, FreeConfig, IntervalSeconds, Priority, Severity, Text, TimeoutSeconds } from './common.schema.ts';

/** A standard aggregate name (Availability, Configuration, Performance, Security) or an aggregate monitor id. */
const ParentMonitor = Type.String({ minLength: 1, expected: 'Availability, Configuration, Performance, Security or the id of an aggregate monitor' });

export const MonitorAlert = Type.Object(
  {
    severity: Severity,
    priority: Type.Optional(Priority),
    /** Resolve the alert when the monitor returns to healthy (default true). */
    autoResolve: Type.Optional(Type.Boolean()),
    /** Alert name; `{{target.Property}}` and `{{state}}` placeholders are filled in. */
    name: Text,
    description: Type.Optional(Type.String()),
    /** Raise on `warning` (and worse) or only on `critical` (default). */
    raiseOn: Type.Optional(Type.Enum(['warning', 'critical'])),
  },
  { additionalProperties: false },
);

export const RollupPolicy = Type.Union([
  Type.Object({ policy: Type.Literal('worst-of') }, { additionalProperties: false }),
  Type.Object({ policy: Type.Literal('best-of') }, { additionalProperties: false }),
  Type.Object(
    { policy: Type.Literal('percentage'), healthyPercent: Type.Integer({ minimum: 1, maximum: 100, expected: 'a whole percentage between 1 and 100' }) },
    { additionalProperties: false },
  ),
]);

const common = {
  id: ElementId,
  displayName: Type.Optional(Text),
  target: ElementId,
  parent: ParentMonitor,
  enabled: Type.Optional(Type.Boolean()),
  alert: Type.Optional(MonitorAlert),
};

/** `$target.Property` (filled in on the agent from the target instance) or a literal. */
const TargetText = Type.String({ minLength: 1, expected: 'a text, or $target.Property' });

/**
 * A counter of an agent collector, sampled every interval -> `sample` input. `kind` may be left
 * out (the original form of a monitor source). `instance` picks one of the objects a collector
 * reports (a mount point, an interface, `_Total`), usually `$target.<key property>`.
 */
export const CounterMonitorSource = Type.Object(
  {
    kind: Type.Optional(Type.Literal('counter')),
    collector: Type.Optional(Type.String({ minLength: 1, expected: 'a collector name such as linux.logical-disk' })),
    counter: Type.String({ minLength: 1, expected: 'a counter name such as free.percent' }),
    instance: Type.Optional(TargetText),
    intervalSeconds: IntervalSeconds,
  },
  { additionalProperties: false },
);

/** A Nagios-compatible plugin run every interval -> `plugin-result` input (perfdata become perf items). */
export const NagiosMonitorSource = Type.Object(
  {
    kind: Type.Literal('nagios'),
    /** An absolute path, or a name under /usr/lib/nagios/plugins (e.g. check_disk). */
    plugin: TargetText,
    /** Each argument may be `$target.Property`; a property holding a JSON array expands to several. */
    args: Type.Array(Type.String()),
    intervalSeconds: IntervalSeconds,
    /** Optional `$target.Property` holding a per-instance interval that wins over intervalSeconds. */
    intervalSecondsFrom: Type.Optional(Type.String({ pattern: '^\\$target\\.[A-Za-z0-9_]+$', expected: 'a $target.Property reference' })),
    timeoutSeconds: TimeoutSeconds,
  },
  { additionalProperties: false },
);

/** Log files (globs) read from where the agent stopped -> `log-lines` input (log-match). */
export const LogMonitorSource = Type.Object(
  {
    kind: Type.Literal('log'),
    paths: Type.Array(Type.String({ minLength: 1, pattern: '^(/|\\$target\\.)', expected: 'an absolute path or glob such as /var/log/app/*.log' }), { minItems: 1 }),
    intervalSeconds: IntervalSeconds,
  },
  { additionalProperties: false },
);

/** A system service's state (systemd ActiveState) -> `service-status` input (service-state). */
export const ServiceMonitorSource = Type.Object(
  { kind: Type.Literal('service'), name: TargetText, intervalSeconds: IntervalSeconds },
  { additionalProperties: false },
);

/** A command run every interval -> `sample` input: its exit status, or the first number it prints. */
export const CommandMonitorSource = Type.Object(
  {
    kind: Type.Literal('command'),
    command: TargetText,
    args: Type.Optional(Type.Array(Type.String())),
    intervalSeconds: IntervalSeconds,
    timeoutSeconds: TimeoutSeconds,
    output: Type.Enum(['exit-code', 'number']),
  },
  { additionalProperties: false },
);

/**
 * An agentless network probe run by the resource pool member that owns the target object (an
 * object a `runsOn: pool` discovery created) -> `probe-result` input; the probe's own measurements
 * become performance data of the target. `config` belongs to the probe (validated by the probe
 * registry on the management server); any text in it may use `$target.Property`.
 */
export const ProbeMonitorSource = Type.Object(
  {
    kind: Type.Literal('probe'),
    probe: Type.String({ pattern: '^[a-z][a-z0-9-]*$', expected: 'a probe name: icmp, tcp, http, dns, snmp or prometheus' }),
    config: FreeConfig,
    intervalSeconds: IntervalSeconds,
  },
  { additionalProperties: false },
);

/**
 * Where a unit monitor's input comes from, kept apart from `config` so that config is exactly
 * what the monitor type owns. The source kind must produce an input kind the type accepts
 * (MONITOR_SOURCE_INPUT_KINDS); pack validation checks it.
 */
export const MonitorSource = Type.Union([CounterMonitorSource, NagiosMonitorSource, LogMonitorSource, ServiceMonitorSource, CommandMonitorSource, ProbeMonitorSource]);

export type MonitorSourceKind = 'counter' | 'nagios' | 'log' | 'service' | 'command' | 'probe';

/** The monitor input kind (health MonitorInput['kind']) each source kind produces. */
export const MONITOR_SOURCE_INPUT_KINDS: Readonly<Record<MonitorSourceKind, string>> = {
  counter: 'sample',
  nagios: 'plugin-result',
  log: 'log-lines',
  service: 'service-status',
  command: 'sample',
  probe: 'probe-result',
};

/** A source's kind; the form without `kind` is a counter. */
export function monitorSourceKind(source: MonitorSource): MonitorSourceKind {
  return source.kind ?? 'counter';
}

export const UnitMonitor = Type.Object(
  {
    kind: Type.Literal('unit'),
    ...common,
    /** A monitor type name known to the health registry, e.g. `threshold` or `heartbeat`. */
    type: Type.String({ minLength: 1, expected: 'a monitor type name such as threshold' }),
    source: Type.Optional(MonitorSource),
    /** Owned by the monitor type: the health registry validates it. */
    config: FreeConfig,
  },
  { additionalProperties: false },
);

export const AggregateMonitor = Type.Object(
  { kind: Type.Literal('aggregate'), ...common, rollup: RollupPolicy },
  { additionalProperties: false },
);

export const DependencyMonitor = Type.Object(
  {
    kind: Type.Literal('dependency'),
    ...common,
    /** Followed from the target (its source class) to the members (its target class). */
    relationship: ElementId,
    /** Which monitor of each member rolls up: a standard aggregate, `EntityHealth` (default) or a monitor id. */
    memberMonitor: Type.Optional(Type.String({ minLength: 1 })),
    rollup: RollupPolicy,
    /** What a member in maintenance counts as (default: ignored). */
    memberInMaintenance: Type.Optional(Type.Enum(['ignore', 'healthy', 'warning', 'critical'])),
    /** What an unmonitored/unavailable member counts as (default: ignored). */
    memberUnavailable: Type.Optional(Type.Enum(['ignore', 'warning', 'critical'])),
  },
  { additionalProperties: false },
);

export const MonitorDefinition = Type.Union([UnitMonitor, AggregateMonitor, DependencyMonitor]);

export type MonitorSource = Static<typeof MonitorSource>;
export type CounterMonitorSource = Static<typeof CounterMonitorSource>;
export type NagiosMonitorSource = Static<typeof NagiosMonitorSource>;
export type LogMonitorSource = Static<typeof LogMonitorSource>;
export type ServiceMonitorSource = Static<typeof ServiceMonitorSource>;
export type CommandMonitorSource = Static<typeof CommandMonitorSource>;
export type ProbeMonitorSource = Static<typeof ProbeMonitorSource>;
export type MonitorAlert = Static<typeof MonitorAlert>;
export type RollupPolicy = Static<typeof RollupPolicy>;
export type UnitMonitor = Static<typeof UnitMonitor>;
export type AggregateMonitor = Static<typeof AggregateMonitor>;
export type DependencyMonitor = Static<typeof DependencyMonitor>;
export type MonitorDefinition = Static<typeof MonitorDefinition>;
