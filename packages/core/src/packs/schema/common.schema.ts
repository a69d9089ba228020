// Building blocks shared by every section of the pack schema. Each constrained string carries an
// `expected` keyword (an annotation JSON Schema tools ignore) so validation errors can say in plain
// words what the field should look like instead of quoting a regular expression.
import Type from 'typebox';

/** A pack name: dotted words, at least two, e.g. `Vigil.Linux`. */
export const PackName = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)+$',
  expected: 'a dotted name such as Vigil.Linux',
});

/**
 * The id of anything a pack defines (class, relationship, monitor, ...): qualified by the pack
 * name, e.g. `Vigil.Linux.LogicalDisk`. The validator checks the prefix against `pack.name`.
 */
export const ElementId = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_-]+)+$',
  expected: 'a dotted id qualified by the pack name, such as Vigil.Linux.LogicalDisk',
});

/** `major.minor.patch`, each a non-negative integer without leading zeros. */
export const PackVersion = Type.String({
  pattern: '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$',
  expected: 'a version like 1.4.0 (major.minor.patch)',
});

/** A monitored object's id (UUID), used by static group members and instance overrides. */
export const ObjectIdText = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  expected: 'an object id (lower-case UUID)',
});

export const Text = Type.String({ minLength: 1, expected: 'a non-empty text' });

export const IntervalSeconds = Type.Integer({ minimum: 10, maximum: 86_400, expected: 'whole seconds between 10 and 86400' });
export const TimeoutSeconds = Type.Integer({ minimum: 1, maximum: 3_600, expected: 'whole seconds between 1 and 3600' });

/** Where a workflow runs: on the agent of the target's host, or on the management-server pool. */
export const RunsOn = Type.Enum(['agent', 'pool']);

export const Severity = Type.Enum(['critical', 'warning', 'information']);
export const Priority = Type.Enum(['high', 'medium', 'low']);

/** The four standard aggregates under every class's Entity Health. */
export const STANDARD_AGGREGATES = ['Availability', 'Configuration', 'Performance', 'Security'] as const;
export type StandardAggregate = (typeof STANDARD_AGGREGATES)[number];

/** Free-form configuration: its shape is owned by a monitor type or collector, not by the pack format. */
export const FreeConfig = Type.Record(Type.String(), Type.Unknown());
