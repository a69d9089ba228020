// The type model a pack contributes: classes (with inheritance and properties) and the
// relationships between them.
import Type, { type Static } from 'typebox';
import { ElementId, Text } from './common.schema.ts';

export const PROPERTY_TYPES = ['string', 'integer', 'number', 'boolean', 'datetime'] as const;

export const ClassProperty = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]*$', expected: 'a property name such as MountPoint' }),
    type: Type.Enum([...PROPERTY_TYPES]),
    /** Key properties identify an instance among the instances of its class on its host. */
    key: Type.Optional(Type.Boolean()),
    displayName: Type.Optional(Text),
  },
  { additionalProperties: false },
);

export const ClassDefinition = Type.Object(
  {
    id: ElementId,
    displayName: Type.Optional(Text),
    description: Type.Optional(Text),
    /** Every class derives from another except the root, Vigil.Core.Entity. */
    base: Type.Optional(ElementId),
    /** Abstract classes have no instances of their own; monitors may still target them. */
    abstract: Type.Optional(Type.Boolean()),
    /** Hosted instances live and die with their host (the source of a hosting relationship). */
    hosted: Type.Optional(Type.Boolean()),
    properties: Type.Optional(Type.Array(ClassProperty)),
  },
  { additionalProperties: false },
);

export const RELATIONSHIP_KINDS = ['hosting', 'containment', 'reference'] as const;

export const RelationshipDefinition = Type.Object(
  {
    id: ElementId,
    kind: Type.Enum([...RELATIONSHIP_KINDS]),
    source: ElementId,
    target: ElementId,
    displayName: Type.Optional(Text),
  },
  { additionalProperties: false },
);

export type ClassProperty = Static<typeof ClassProperty>;
export type ClassDefinition = Static<typeof ClassDefinition>;
export type RelationshipDefinition = Static<typeof RelationshipDefinition>;
