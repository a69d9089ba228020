// Layout pieces: page header, panel, banners for errors and notices, empty states, key/value lists.
import type { ReactNode } from 'react';
import { isVigilApiError } from '@vigil/sdk';

export function PageHead({ title, sub, children }: { readonly title: string; readonly sub?: ReactNode; readonly children?: ReactNode }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      {sub ? <span className="sub">{sub}</span> : null}
      <span style={{ flex: 1 }} />
      {children}
    </div>
  );
}

export function Panel({ title, actions, children, bodyClass, testId }: { readonly title: ReactNode; readonly actions?: ReactNode; readonly children: ReactNode; readonly bodyClass?: string; readonly testId?: string }) {
  return (
    <section className="panel" data-testid={testId}>
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      <div className={bodyClass ?? 'panel-body'}>{children}</div>
    </section>
  );
}

/** What went wrong, in the server's words: refusals (403) say which permission was needed. */
export function ErrorBanner({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) {
  if (error === undefined || error === null) return null;
  const api = isVigilApiError(error) ? error : undefined;
  const title = api?.status === 403 ? 'Refused by the server' : api?.status === 401 ? 'Signed out' : 'Something went wrong';
  return (
    <div className="banner error" role="alert" data-testid="error-banner" data-code={api?.code}>
      <div style={{ flex: 1 }}>
        <strong>{title}</strong>
        <div>{error instanceof Error ? error.message : String(error)}</div>
        {api ? <div className="muted"><code>{api.code}</code>{api.status ? ` · HTTP ${api.status}` : ''}</div> : null}
      </div>
      {onRetry ? <button className="btn small" onClick={onRetry}>Retry</button> : null}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { readonly tone?: 'info' | 'warn'; readonly children: ReactNode }) {
  return <div className={`banner ${tone}`} role="status">{children}</div>;
}

export function Empty({ children }: { readonly children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function KeyValues({ rows }: { readonly rows: ReadonlyArray<readonly [string, ReactNode]> }) {
  return (
    <dl className="kv">
      {rows.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{value ?? <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
