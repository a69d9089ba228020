// Groups: static members, dynamic membership rules over class properties, and nested groups.
import Type, { type Static } from 'typebox';
import { ElementId, ObjectIdText, Text } from './common.schema.ts';

export const CONDITION_OPERATORS = ['equals', 'not-equals', 'matches', 'not-matches', 'greater-than', 'less-than', 'exists'] as const;

/** `matches` takes a regular expression; `exists` takes no value. */
export const PropertyCondition = Type.Object(
  {
    property: Type.String({ minLength: 1 }),
    operator: Type.Enum([...CONDITION_OPERATORS]),
    value: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  },
  { additionalProperties: false },
);

/** Instances of `class` (or a class derived from it) whose properties satisfy every condition. */
export const MembershipRule = Type.Object(
  { class: ElementId, where: Type.Optional(Type.Array(PropertyCondition)) },
  { additionalProperties: false },
);

export const GroupDefinition = Type.Object(
  {
    id: ElementId,
    displayName: Type.Optional(Text),
    description: Type.Optional(Text),
    members: Type.Optional(Type.Array(ObjectIdText)),
    /** An object is a member when any one rule matches it. */
    dynamic: Type.Optional(Type.Array(MembershipRule)),
    /** Members of these groups are members of this one (no cycles). */
    includeGroups: Type.Optional(Type.Array(ElementId)),
  },
  { additionalProperties: false },
);

export type PropertyCondition = Static<typeof PropertyCondition>;
export type MembershipRule = Static<typeof MembershipRule>;
export type GroupDefinition = Static<typeof GroupDefinition>;
