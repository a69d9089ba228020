// The signed-in user: who they are, what they may do, and the API client bound to their session.
// On load the console asks the server who is signed in (the session cookie is httpOnly); the CSRF
// token comes from the sign-in answer, else from its cookie, else from /auth/csrf.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isVigilApiError } from '@vigil/sdk';
import type { Permission, WhoAmI } from '@vigil/protocol';
import { createConsoleApi, csrfFromCookie, type ConsoleApi } from '../api/console-api.ts';

export interface Session {
  readonly user: WhoAmI;
  readonly api: ConsoleApi;
  can(permission: Permission): boolean;
  /** Why the caller cannot do it (for disabled buttons), or undefined when they can. */
  cannot(permission: Permission): string | undefined;
  signOut(): Promise<void>;
}

type Phase = { readonly kind: 'checking' } | { readonly kind: 'signed-out'; readonly message?: string } | { readonly kind: 'signed-in'; readonly user: WhoAmI; readonly csrf: string | undefined };

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}

export function SessionGate({ login, children }: { readonly login: (props: { onSignedIn: (user: WhoAmI, csrf: string | undefined) => void; message?: string | undefined }) => ReactNode; readonly children: ReactNode }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });

  useEffect(() => {
    const api = createConsoleApi(undefined);
    api.auth.whoami().then(
      async (user) => {
        let csrf = csrfFromCookie();
        if (!csrf && user.via === 'session') csrf = (await api.auth.csrf().catch(() => undefined))?.csrfToken;
        setPhase({ kind: 'signed-in', user, csrf });
      },
      (error: unknown) => setPhase({ kind: 'signed-out', ...(isVigilApiError(error) && error.status !== 401 ? { message: error.message } : {}) }),
    );
  }, []);

  const onSignedIn = useCallback((user: WhoAmI, csrf: string | undefined) => setPhase({ kind: 'signed-in', user, csrf: csrf ?? csrfFromCookie() }), []);

  const session = useMemo<Session | null>(() => {
    if (phase.kind !== 'signed-in') return null;
    const api = createConsoleApi(phase.csrf);
    const granted = new Set(phase.user.permissions);
    return {
      user: phase.user,
      api,
      can: (permission) => granted.has(permission),
      cannot: (permission) => (granted.has(permission) ? undefined : `Your roles do not include the ${permission} permission.`),
      async signOut() {
        await api.auth.logout().catch(() => undefined);
        setPhase({ kind: 'signed-out', message: 'You signed out.' });
      },
    };
  }, [phase]);

  if (phase.kind === 'checking') return <div className="empty">Connecting to Vigil…</div>;
  if (!session) return <>{login({ onSignedIn, message: phase.kind === 'signed-out' ? phase.message : undefined })}</>;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
