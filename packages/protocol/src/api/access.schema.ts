// Who may do what. A role is a profile (what kind of work) plus a scope (which groups and
// classes of objects); a user's rights are the union of their roles. The profiles are SCOM's.
// Which permissions each profile grants is the server's policy; the names are shared so the
// console and CLI can show them and hide what the caller cannot do.
import { Type, type Static } from 'typebox';

export const PROFILES = ['administrator', 'advanced-operator', 'author', 'operator', 'read-only-operator', 'report-operator'] as const;
export const ProfileSchema = Type.Union([
  Type.Literal('administrator'),
  Type.Literal('advanced-operator'),
  Type.Literal('author'),
  Type.Literal('operator'),
  Type.Literal('read-only-operator'),
  Type.Literal('report-operator'),
]);
export type Profile = (typeof PROFILES)[number];

export const PERMISSIONS = [
  'agents:read',
  'agents:approve',
  'agents:configure',
  'servers:read',
  'pools:read',
  'settings:read',
  'settings:write',
  'join-tokens:manage',
  'users:read',
  'users:manage',
  'roles:read',
  'roles:manage',
  'audit:read',
  'monitoring:read',
  'alerts:update',
  'maintenance:manage',
  'overrides:manage',
  'groups:manage',
  'tasks:run',
  'packs:read',
  'packs:manage',
  'pools:manage',
  'gateways:approve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
/** Same members as PERMISSIONS (a literal list, so the inferred type keeps them). */
export const PermissionSchema = Type.Union([
  Type.Literal('agents:read'),
  Type.Literal('agents:approve'),
  Type.Literal('agents:configure'),
  Type.Literal('servers:read'),
  Type.Literal('pools:read'),
  Type.Literal('settings:read'),
  Type.Literal('settings:write'),
  Type.Literal('join-tokens:manage'),
  Type.Literal('users:read'),
  Type.Literal('users:manage'),
  Type.Literal('roles:read'),
  Type.Literal('roles:manage'),
  Type.Literal('audit:read'),
  Type.Literal('monitoring:read'),
  Type.Literal('alerts:update'),
  Type.Literal('maintenance:manage'),
  Type.Literal('overrides:manage'),
  Type.Literal('groups:manage'),
  Type.Literal('tasks:run'),
  Type.Literal('packs:read'),
  Type.Literal('packs:manage'),
  Type.Literal('pools:manage'),
  Type.Literal('gateways:approve'),
]);

const ScopeNames = Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 1000 });

/** Empty lists mean "everything". Administrators are never scoped. */
export const RoleScopeSchema = Type.Object(
  { groups: Type.Optional(ScopeNames), classes: Type.Optional(ScopeNames) },
  { additionalProperties: false },
);
export type RoleScopeInput = Static<typeof RoleScopeSchema>;
