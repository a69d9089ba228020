// The whole pack document. `PackSchema` is the single source of truth: the TypeScript types are
// derived from it and `packJsonSchema()` publishes it for editors (yaml-language-server) and tools.
import Type, { type Static } from 'typebox';
import { PackName, PackVersion, Text } from './common.schema.ts';
import { DiscoveryDefinition } from './discovery.schema.ts';
import { GroupDefinition } from './group.schema.ts';
import { ClassDefinition, RelationshipDefinition } from './model.schema.ts';
import { MonitorDefinition } from './monitor.schema.ts';
import { OverrideDefinition } from './override.schema.ts';
import { TaskDefinition, ViewDefinition } from './presentation.schema.ts';
import { RuleDefinition } from './rule.schema.ts';

/** A dependency on another pack by name, satisfied by that version or any later one. */
export const PackReference = Type.Object({ name: PackName, version: PackVersion }, { additionalProperties: false });

export const PackHeader = Type.Object(
  {
    name: PackName,
    version: PackVersion,
    displayName: Text,
    description: Type.Optional(Type.String()),
    /** Sealed packs are signed, cannot hold overrides, and are changed only by a new signed version. */
    sealed: Type.Optional(Type.Boolean()),
    references: Type.Optional(Type.Array(PackReference)),
  },
  { additionalProperties: false },
);

/** The signature block of a sealed pack (see seal/pack-seal.ts for what it covers). */
export const PackSeal = Type.Object(
  {
    algorithm: Type.Literal('ed25519'),
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$', expected: '16 lower-case hex digits (the signing key fingerprint)' }),
    signature: Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', expected: 'a base64 signature' }),
  },
  { additionalProperties: false },
);

export const PackSchema = Type.Object(
  {
    pack: PackHeader,
    classes: Type.Optional(Type.Array(ClassDefinition)),
    relationships: Type.Optional(Type.Array(RelationshipDefinition)),
    discoveries: Type.Optional(Type.Array(DiscoveryDefinition)),
    monitors: Type.Optional(Type.Array(MonitorDefinition)),
    rules: Type.Optional(Type.Array(RuleDefinition)),
    tasks: Type.Optional(Type.Array(TaskDefinition)),
    views: Type.Optional(Type.Array(ViewDefinition)),
    overrides: Type.Optional(Type.Array(OverrideDefinition)),
    groups: Type.Optional(Type.Array(GroupDefinition)),
    seal: Type.Optional(PackSeal),
  },
  { additionalProperties: false },
);

export type PackReference = Static<typeof PackReference>;
export type PackHeader = Static<typeof PackHeader>;
export type PackSeal = Static<typeof PackSeal>;
/** A pack as written in YAML, after schema validation (no defaults applied). */
export type PackDocument = Static<typeof PackSchema>;

export const PACK_SCHEMA_ID = 'https://vigil.dev/schemas/management-pack.json';

/** The pack format as a standalone JSON Schema (draft 2020-12) document. */
export function packJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: PACK_SCHEMA_ID,
    title: 'Vigil management pack',
    ...(JSON.parse(JSON.stringify(PackSchema)) as Record<string, unknown>),
  };
}
