// Overrides through the SDK API. Setting one writes it into an unsealed override pack (default
// Vigil.Overrides, importable and exportable like any pack) and recompiles agent configurations;
// removing one imports the next version of its pack without it, and recompiles them again;
// `effective` answers "why is this monitor's threshold 90 on this object?".
import { Type, type Static } from 'typebox';

export const DEFAULT_OVERRIDE_PACK = 'Vigil.Overrides';

// Numbers and booleans first: the API coerces types, and a string branch first would turn 90 into "90".
const OverrideValueSchema = Type.Union([Type.Number(), Type.Boolean(), Type.String(), Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()]))]);
export const OverrideContextSchema = Type.Object({
  kind: Type.Union([Type.Literal('class'), Type.Literal('group'), Type.Literal('instance')]),
  id: Type.String({ minLength: 1, maxLength: 256, description: 'class id, group id, or object id' }),
});

export const OverrideSetSchema = Type.Object(
  {
    workflowId: Type.String({ minLength: 1, maxLength: 256 }),
    parameter: Type.String({ minLength: 1, maxLength: 128 }),
    value: OverrideValueSchema,
    context: OverrideContextSchema,
    enforced: Type.Optional(Type.Boolean()),
    packName: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: `unsealed pack to hold it (default ${DEFAULT_OVERRIDE_PACK})` })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type OverrideSet = Static<typeof OverrideSetSchema>;

export const OverrideSchema = Type.Object({
  id: Type.String({ description: "the override's id in its pack (as `vigil pack export` shows it)" }),
  packName: Type.String(),
  workflowId: Type.String(),
  parameter: Type.String(),
  value: Type.Unknown(),
  context: OverrideContextSchema,
  enforced: Type.Boolean(),
});
export type OverrideView = Static<typeof OverrideSchema>;
export const OverrideListQuerySchema = Type.Object(
  { workflowId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), packName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) },
  { additionalProperties: false },
);
export type OverrideListQuery = Static<typeof OverrideListQuerySchema>;
export const OverrideListSchema = Type.Object({ items: Type.Array(OverrideSchema) });
export const OverrideSetResultSchema = Type.Object({ override: OverrideSchema, packName: Type.String(), packVersion: Type.String(), recompiledAgents: Type.Integer() });
export type OverrideSetResult = Static<typeof OverrideSetResultSchema>;
export const OverrideRemoveResultSchema = Type.Object({
  removed: OverrideSchema,
  packName: Type.String(),
  packVersion: Type.String({ description: 'the version of the pack imported without the override' }),
  recompiledAgents: Type.Integer(),
});
export type OverrideRemoveResult = Static<typeof OverrideRemoveResultSchema>;

export const EffectiveOverrideQuerySchema = Type.Object(
  {
    objectId: Type.String({ minLength: 1, maxLength: 256, description: 'object id or key' }),
    workflowId: Type.String({ minLength: 1, maxLength: 256 }),
    parameter: Type.String({ minLength: 1, maxLength: 128 }),
  },
  { additionalProperties: false },
);
export type EffectiveOverrideQuery = Static<typeof EffectiveOverrideQuerySchema>;

export const EffectiveOverrideSchema = Type.Object({
  kind: Type.Union([Type.Literal('default'), Type.Literal('overridden'), Type.Literal('conflict')]),
  objectId: Type.String(),
  workflowId: Type.String(),
  parameter: Type.String(),
  value: Type.Unknown({ description: 'the effective value (the default when kind is conflict)' }),
  defaultValue: Type.Unknown(),
  winner: Type.Union([OverrideSchema, Type.Null()]),
  candidates: Type.Array(Type.Object({ override: OverrideSchema, rank: Type.Number(), why: Type.String() })),
  conflicts: Type.Array(Type.Object({ rank: Type.Number(), overrides: Type.Array(OverrideSchema) })),
  explanation: Type.String(),
});
export type EffectiveOverride = Static<typeof EffectiveOverrideSchema>;
