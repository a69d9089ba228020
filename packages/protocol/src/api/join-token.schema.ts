// One-time join tokens: an agent installed with one is approved on first contact and pins the
// group CA. The token text is shown once, at creation; the server keeps only its hash.
import { Type, type Static } from 'typebox';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';

export const MAX_JOIN_TOKEN_HOURS = 30 * 24;

export const JoinTokenSchema = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('active'), Type.Literal('used'), Type.Literal('expired')]),
  createdAtMs: Type.Integer(),
  expiresAtMs: Type.Integer(),
  usedAtMs: Type.Union([Type.Integer(), Type.Null()]),
  usedBy: Type.Union([Type.String(), Type.Null()]),
});
export type JoinTokenInfo = Static<typeof JoinTokenSchema>;

export const JOIN_TOKEN_SORT_KEYS = ['createdAtMs', 'expiresAtMs'] as const;
export const JoinTokenListQuerySchema = ListQuerySchema(JOIN_TOKEN_SORT_KEYS, {
  state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('used'), Type.Literal('expired')])),
});
export type JoinTokenListQuery = Static<typeof JoinTokenListQuerySchema>;
export const JoinTokenPageSchema = PageSchema(JoinTokenSchema);

export const JoinTokenCreateSchema = Type.Object(
  { expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_JOIN_TOKEN_HOURS, default: 24 })) },
  { additionalProperties: false },
);
export type JoinTokenCreate = Static<typeof JoinTokenCreateSchema>;

export const JoinTokenCreatedSchema = Type.Object({ ...JoinTokenSchema.properties, token: Type.String({ description: 'shown once' }) });
export type JoinTokenCreated = Static<typeof JoinTokenCreatedSchema>;
export const JoinTokenIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
