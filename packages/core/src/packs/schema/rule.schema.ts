// Rules collect data (performance samples, events) or raise alerts; they do not change health.
import Type, { type Static } from 'typebox';
import { ElementId, IntervalSeconds, Priority, RunsOn, Severity, Text } from './common.schema.ts';

const common = {
  id: ElementId,
  displayName: Type.Optional(Text),
  target: ElementId,
  runsOn: Type.Optional(RunsOn),
  enabled: Type.Optional(Type.Boolean()),
};

/** Events come from a log (`syslog`, `journal`, a file path, `windows:System`) filtered by a match. */
export const EventSource = Type.Object(
  {
    log: Text,
    /** Regular expression over the event message; all events when absent. */
    match: Type.Optional(Type.String()),
    /** Only events at or above this level. */
    minLevel: Type.Optional(Type.Enum(['debug', 'info', 'notice', 'warning', 'error', 'critical'])),
  },
  { additionalProperties: false },
);

export const PerformanceCollectionRule = Type.Object(
  {
    kind: Type.Literal('performance-collection'),
    ...common,
    source: Type.Object(
      {
        collector: Type.Optional(Type.String({ minLength: 1 })),
        counter: Type.String({ minLength: 1, expected: 'a counter name such as logicaldisk.free_percent' }),
        /** One object of the collector (`$target.MountPoint`, `_Total`), or `*` for every object it reports. */
        instance: Type.Optional(Type.String({ minLength: 1 })),
        intervalSeconds: IntervalSeconds,
      },
      { additionalProperties: false },
    ),
    /** Optimized collection: a sample within `tolerance` of the last stored one is skipped, at most `maxSkippedSamples` in a row. */
    optimized: Type.Optional(
      Type.Object(
        {
          tolerance: Type.Number({ exclusiveMinimum: 0, expected: 'a positive number' }),
          toleranceKind: Type.Enum(['absolute', 'percent']),
          maxSkippedSamples: Type.Integer({ minimum: 1, maximum: 100 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EventCollectionRule = Type.Object(
  { kind: Type.Literal('event-collection'), ...common, source: EventSource },
  { additionalProperties: false },
);

export const AlertRule = Type.Object(
  {
    kind: Type.Literal('alert'),
    ...common,
    source: EventSource,
    alert: Type.Object(
      {
        severity: Severity,
        priority: Type.Optional(Priority),
        name: Text,
        description: Type.Optional(Type.String()),
        /** Alerts with equal values of these event fields are one alert whose repeat count grows. */
        suppressionKey: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
        /** Count repeats on the open alert instead of raising a new one (default true). */
        countRepeats: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const RuleDefinition = Type.Union([PerformanceCollectionRule, EventCollectionRule, AlertRule]);

export type EventSource = Static<typeof EventSource>;
export type PerformanceCollectionRule = Static<typeof PerformanceCollectionRule>;
export type EventCollectionRule = Static<typeof EventCollectionRule>;
export type AlertRule = Static<typeof AlertRule>;
export type RuleDefinition = Static<typeof RuleDefinition>;
