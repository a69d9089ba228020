// API tokens for scripts: created by a signed-in user, acting with that user's roles, sent as
// `Authorization: Bearer`. The secret is shown once; the server keeps only its hash.
import { Type, type Static } from 'typebox';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';

export const ApiTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  userName: Type.String(),
  createdAtMs: Type.Integer(),
  expiresAtMs: Type.Union([Type.Integer(), Type.Null()]),
  lastUsedAtMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

export const API_TOKEN_SORT_KEYS = ['name', 'createdAtMs'] as const;
export const ApiTokenListQuerySchema = ListQuerySchema(API_TOKEN_SORT_KEYS);
export type ApiTokenListQuery = Static<typeof ApiTokenListQuerySchema>;
export const ApiTokenPageSchema = PageSchema(ApiTokenSchema);

export const ApiTokenCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'omit for a token that does not expire' })),
  },
  { additionalProperties: false },
);
export type ApiTokenCreate = Static<typeof ApiTokenCreateSchema>;

export const ApiTokenCreatedSchema = Type.Object({ ...ApiTokenSchema.properties, token: Type.String({ description: 'shown once' }) });
export type ApiTokenCreated = Static<typeof ApiTokenCreatedSchema>;

export const ApiTokenIdParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
