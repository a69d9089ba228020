// Signing in and finding out who you are. A console signs in with `mode: 'cookie'` (session in
// an httpOnly cookie, CSRF token in the answer); the CLI and scripts with `mode: 'token'` (the
// session secret comes back once and is sent as `Authorization: Bearer`).
import { Type, type Static } from 'typebox';
import { PermissionSchema, ProfileSchema, RoleScopeSchema } from './access.schema.ts';

export const USER_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const UserNameSchema = Type.String({ pattern: USER_NAME_PATTERN, description: 'letters, digits, . _ @ - (up to 64)' });
export const PasswordSchema = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, description: `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters` });

export const LoginRequestSchema = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
    mode: Type.Optional(Type.Union([Type.Literal('cookie'), Type.Literal('token')], { default: 'cookie' })),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequestSchema>;

export const CallerRoleSchema = Type.Object({ name: Type.String(), profile: ProfileSchema, scope: RoleScopeSchema });

export const WhoAmISchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(CallerRoleSchema),
  permissions: Type.Array(PermissionSchema),
  via: Type.Union([Type.Literal('session'), Type.Literal('api-token')]),
});
export type WhoAmI = Static<typeof WhoAmISchema>;

export const LoginResultSchema = Type.Object({
  user: WhoAmISchema,
  expiresAtMs: Type.Integer(),
  /** mode 'token' only: the session secret, shown once; send it as `Authorization: Bearer`. */
  token: Type.Optional(Type.String()),
  /** mode 'cookie' only: echo it in `X-CSRF-Token` on every POST/PUT/PATCH/DELETE. */
  csrfToken: Type.Optional(Type.String()),
});
export type LoginResult = Static<typeof LoginResultSchema>;

export const CsrfResultSchema = Type.Object({ csrfToken: Type.String() });
export type CsrfResult = Static<typeof CsrfResultSchema>;

export const OkSchema = Type.Object({ ok: Type.Literal(true) });
export type Ok = Static<typeof OkSchema>;
