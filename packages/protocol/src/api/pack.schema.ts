// Management packs through the SDK API: list, validate (no import; file:line problems), import
// (YAML body), export (exactly as imported; sealed packs keep their seal), remove.
import { Type, type Static } from 'typebox';

export const PackSummarySchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  displayName: Type.String(),
  sealed: Type.Boolean(),
  sealKeyId: Type.Union([Type.String(), Type.Null()]),
  importedAtMs: Type.Integer(),
  importedBy: Type.String(),
});
export type PackSummary = Static<typeof PackSummarySchema>;
export const PackListSchema = Type.Object({ items: Type.Array(PackSummarySchema) });

export const PackTextSchema = Type.Object(
  { yaml: Type.String({ minLength: 1, maxLength: 900_000 }), file: Type.Optional(Type.String({ maxLength: 256, description: 'file name for messages' })) },
  { additionalProperties: false },
);
export type PackText = Static<typeof PackTextSchema>;

export const PackValidationSchema = Type.Object({
  valid: Type.Boolean(),
  name: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  problems: Type.Array(Type.String({ description: 'file:line: what to fix' })),
  warnings: Type.Array(Type.String()),
});
export type PackValidation = Static<typeof PackValidationSchema>;

export const PackImportResultSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  outcome: Type.String({ description: 'new, upgrade, same-version ...' }),
  message: Type.String(),
  recompiledAgents: Type.Integer(),
});
export type PackImportResult = Static<typeof PackImportResultSchema>;

export const PackExportSchema = Type.Object({ name: Type.String(), yaml: Type.String() });
export type PackExport = Static<typeof PackExportSchema>;
export const PackNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }) });
