// Sign-in: a cookie session (httpOnly) plus the CSRF token the console echoes on writes.
import { useState } from 'react';
import type { WhoAmI } from '@vigil/protocol';
import { createConsoleApi } from '../api/console-api.ts';
import { ErrorBanner } from '../design/panel.tsx';
import { Logo } from '../app/logo.tsx';

export function LoginPage({ onSignedIn, message }: { readonly onSignedIn: (user: WhoAmI, csrf: string | undefined) => void; readonly message?: string | undefined }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await createConsoleApi(undefined).auth.login({ user, password, mode: 'cookie' });
      onSignedIn(result.user, result.csrfToken);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="Sign in">
        <h1><Logo size={26} dark /> Vigil</h1>
        <p className="muted" style={{ margin: 0 }}>Sign in to the operations console.</p>
        {message ? <div className="banner info" role="status">{message}</div> : null}
        <label className="field"><span>User name</span><input className="input" name="user" autoComplete="username" autoFocus value={user} onChange={(e) => setUser(e.target.value)} required /></label>
        <label className="field"><span>Password</span><input className="input" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        <ErrorBanner error={error} />
        <button className="btn primary" type="submit" disabled={busy} style={{ justifyContent: 'center', height: 36 }}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p className="muted" style={{ margin: 0, fontSize: 12 }}>First run? The administrator password is in <code>vigil-data/admin-password.txt</code>.</p>
      </form>
    </main>
  );
}
