import { Type, type Static } from 'typebox';
import { ProfileSchema } from './access.schema.ts';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';

const ScopeList = Type.Array(Type.String());

export const RoleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  profile: ProfileSchema,
  scope: Type.Object({ groups: ScopeList, classes: ScopeList }),
  createdAtMs: Type.Integer(),
  members: Type.Array(Type.String(), { description: 'user names' }),
});
export type Role = Static<typeof RoleSchema>;

export const ROLE_SORT_KEYS = ['name', 'profile', 'createdAtMs'] as const;
export const RoleListQuerySchema = ListQuerySchema(ROLE_SORT_KEYS, { profile: Type.Optional(ProfileSchema) });
export type RoleListQuery = Static<typeof RoleListQuerySchema>;
export const RolePageSchema = PageSchema(RoleSchema);

export const RoleCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s].*$' }),
    profile: ProfileSchema,
    scope: Type.Optional(
      Type.Object(
        {
          groups: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1000 })),
          classes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type RoleCreate = Static<typeof RoleCreateSchema>;

export const RoleMemberSchema = Type.Object({ user: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export type RoleMember = Static<typeof RoleMemberSchema>;

export const RoleNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }) });
export const RoleMemberParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 128 }), user: Type.String({ minLength: 1, maxLength: 64 }) });
