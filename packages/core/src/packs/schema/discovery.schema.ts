// Discoveries find instances of a class and fill in their properties.
import Type, { type Static } from 'typebox';
import { ElementId, FreeConfig, IntervalSeconds, RunsOn, Text, TimeoutSeconds } from './common.schema.ts';

/** A built-in agent collector (e.g. `linux.filesystems`) polled every interval. */
export const CollectorSource = Type.Object(
  {
    kind: Type.Literal('collector'),
    collector: Type.String({ pattern: '^[a-z][a-z0-9]*(\\.[a-z0-9_-]+)*$', expected: 'a collector name such as linux.filesystems' }),
    intervalSeconds: IntervalSeconds,
    config: Type.Optional(FreeConfig),
  },
  { additionalProperties: false },
);

/** A command whose standard output is JSON lines, one object per discovered instance. */
export const CommandSource = Type.Object(
  {
    kind: Type.Literal('command'),
    command: Text,
    args: Type.Optional(Type.Array(Type.String())),
    intervalSeconds: IntervalSeconds,
    timeoutSeconds: Type.Optional(TimeoutSeconds),
  },
  { additionalProperties: false },
);

const TargetValue = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
/** One listed target: field -> value, read by the discovery's `$item.<field>` mappings. */
const TargetFields = Type.Record(Type.String(), TargetValue);

/**
 * Targets an operator lists (web sites, devices), for a `runsOn: pool` discovery: no agent is
 * involved; the management servers create one object per target, owned by the named pool. Either
 * a list of field maps, or a map `<name>: <value>` (item `{ key: <name>, value }`) or
 * `<name>: { fields }` (item `{ key: <name>, ...fields }`), as the Nagios pack's `items`. `targets`
 * and `defaults` (fields every item starts from) are overridable.
 */
export const TargetsSource = Type.Object(
  {
    kind: Type.Literal('targets'),
    /** The resource pool that owns the objects (default: All Management Servers). */
    pool: Type.Optional(Text),
    targets: Type.Union([Type.Array(TargetFields), Type.Record(Type.String(), Type.Union([TargetValue, TargetFields]))], {
      expected: 'a list of field maps, or a map of name -> value or name -> field map',
    }),
    defaults: Type.Optional(TargetFields),
    /**
     * The pool re-applies the list at least this often (besides at once after a pack import or
     * override change, and at server start), which also follows group membership changes.
     */
    intervalSeconds: Type.Optional(IntervalSeconds),
  },
  { additionalProperties: false },
);

/** The sources an agent runs (what a discovery workflow sent to an agent carries). */
export const DiscoverySource = Type.Union([CollectorSource, CommandSource]);

export const DiscoveryDefinition = Type.Object(
  {
    id: ElementId,
    displayName: Type.Optional(Text),
    /** The class whose instances run this discovery (e.g. the computer that has the disks). */
    target: ElementId,
    runsOn: RunsOn,
    enabled: Type.Optional(Type.Boolean()),
    source: Type.Union([CollectorSource, CommandSource, TargetsSource]),
    discovers: Type.Object(
      {
        class: ElementId,
        /** Class property name -> field of the discovered item (`$item.device`) or a literal. */
        properties: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
        /** How a discovered instance is attached to the target, e.g. a hosting relationship. */
        relationship: Type.Optional(ElementId),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type DiscoverySource = Static<typeof DiscoverySource>;
export type TargetsSource = Static<typeof TargetsSource>;
export type DiscoveryDefinition = Static<typeof DiscoveryDefinition>;
