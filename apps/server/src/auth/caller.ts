// The authenticated principal of one API request, resolved once by the access-control hook.
import type { Permission } from '@vigil/protocol';
import type { UserId } from '@vigil/core';
import type { RoleRecord } from '@vigil/store';

export type Credential =
  | { readonly kind: 'cookie-session'; readonly sessionId: string; readonly csrfHash: string }
  | { readonly kind: 'bearer-session'; readonly sessionId: string }
  | { readonly kind: 'api-token'; readonly tokenId: string };

export interface Caller {
  readonly userId: UserId;
  readonly userName: string;
  readonly displayName: string;
  readonly roles: readonly RoleRecord[];
  readonly permissions: ReadonlySet<Permission>;
  readonly credential: Credential;
}

export function isAdministrator(caller: Caller): boolean {
  return caller.roles.some((role) => role.profile === 'administrator');
}
