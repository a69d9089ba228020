import { Type, type Static } from 'typebox';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';
import { PasswordSchema, UserNameSchema } from './auth.schema.ts';

export const UserSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  createdAtMs: Type.Integer(),
  disabledAtMs: Type.Union([Type.Integer(), Type.Null()]),
  roles: Type.Array(Type.String(), { description: 'role names' }),
});
export type User = Static<typeof UserSchema>;

export const USER_SORT_KEYS = ['name', 'createdAtMs'] as const;
export const UserListQuerySchema = ListQuerySchema(USER_SORT_KEYS, {
  disabled: Type.Optional(Type.Boolean({ description: 'true = only disabled users, false = only enabled ones' })),
});
export type UserListQuery = Static<typeof UserListQuerySchema>;
export const UserPageSchema = PageSchema(UserSchema);

export const UserCreateSchema = Type.Object(
  {
    name: UserNameSchema,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    password: PasswordSchema,
    roles: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 100, description: 'role names to assign' })),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreateSchema>;

export const SetPasswordSchema = Type.Object({ password: PasswordSchema }, { additionalProperties: false });
export type SetPassword = Static<typeof SetPasswordSchema>;

export const UserNameParamsSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
