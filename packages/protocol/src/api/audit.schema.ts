import { Type, type Static } from 'typebox';
import { ListQuerySchema, PageSchema } from './list-query.schema.ts';

export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  atMs: Type.Integer(),
  userName: Type.String(),
  action: Type.String({ description: 'e.g. agent.approve, user.create, auth.login-failed' }),
  targetKind: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  sourceAddress: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const AUDIT_SORT_KEYS = ['atMs', 'userName', 'action'] as const;
export const AuditListQuerySchema = ListQuerySchema(AUDIT_SORT_KEYS, {
  user: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  sinceMs: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type AuditListQuery = Static<typeof AuditListQuerySchema>;
export const AuditPageSchema = PageSchema(AuditEntrySchema);
