// Overrides change one parameter of one workflow for a class, a group or one instance.
import Type, { type Static } from 'typebox';
import { ElementId, ObjectIdText } from './common.schema.ts';

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const FieldMap = Type.Record(Type.String(), Scalar);

/** Exactly one of class, group or instance; precedence is class < group < instance, enforced wins. */
export const OverrideContext = Type.Union([
  Type.Object({ class: ElementId }, { additionalProperties: false }),
  // A group a pack defines (its element id) or one an operator created in the console (its UUID).
  Type.Object({ group: Type.Union([ElementId, ObjectIdText]) }, { additionalProperties: false }),
  Type.Object({ instance: ObjectIdText }, { additionalProperties: false }),
]);

export const OverrideDefinition = Type.Object(
  {
    id: ElementId,
    /** The monitor, rule or discovery whose parameter changes. */
    workflow: ElementId,
    parameter: Type.String({ minLength: 1, expected: 'a parameter name such as enabled or warning' }),
    /**
     * A scalar; a map of scalars for map-valued parameters (the `items` a configured discovery
     * lists); or, for the targets of a pool discovery and list-valued probe settings, a map or
     * list whose entries are scalars or flat field maps.
     */
    value: Type.Union([Scalar, Type.Record(Type.String(), Type.Union([Scalar, FieldMap])), Type.Array(Type.Union([Scalar, FieldMap]))], {
      expected: 'a text, number, true/false, a map or a list',
    }),
    context: OverrideContext,
    enforced: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export type OverrideContext = Static<typeof OverrideContext>;
export type OverrideDefinition = Static<typeof OverrideDefinition>;
