// The console shell: sign-in gate, top bar (workspaces, live status, who am I, sign out) and the
// workspace the route names.
import { LiveFeedProvider, useLiveFeed } from '../api/live-feed.tsx';
import { LoginPage } from '../session/login-page.tsx';
import { SessionGate, useSession } from '../session/session.tsx';
import { ToastProvider } from '../design/toast.tsx';
import { useWorkspace } from '../workspace/view-store.ts';
import { MonitoringWorkspace } from '../monitoring/monitoring-workspace.tsx';
import { MyWorkspace } from '../workspace/my-workspace.tsx';
import { Administration } from '../admin/administration.tsx';
import { Logo } from './logo.tsx';
import { href, useRoute } from './router.ts';
import { ShortcutHelp, useGlobalShortcuts } from './shortcuts.tsx';

export function App() {
  return (
    <ToastProvider>
      <SessionGate login={(props) => <LoginPage {...props} />}>
        <LiveFeedProvider>
          <Shell />
        </LiveFeedProvider>
      </SessionGate>
    </ToastProvider>
  );
}

function Shell() {
  const session = useSession();
  const route = useRoute();
  const live = useLiveFeed();
  const store = useWorkspace(session.user.id);
  const { help, closeHelp } = useGlobalShortcuts();
  const roles = session.user.roles.map((r) => r.profile).join(', ') || 'no roles';
  const tab = (area: typeof route.area, label: string, key: string) => (
    <a href={href(area)} aria-current={route.area === area ? 'page' : undefined} title={`g ${key}`}>{label}</a>
  );
  return (
    <div className="shell">
      <header className="topbar">
        <a href="#main" className="sr-only">Skip to content</a>
        <span className="brand"><Logo /> Vigil</span>
        <nav aria-label="Workspaces">
          {tab('monitoring', 'Monitoring', 'm')}
          {tab('my', 'My Workspace', 'w')}
          {tab('admin', 'Administration', 'a')}
        </nav>
        <span className="spacer" />
        <span className="who" data-testid="whoami">
          <span className="live-dot" data-state={live.status} title={`Live feed: ${live.status}`} />
          <span><strong>{session.user.displayName}</strong> · {roles}</span>
          <button className="btn small" onClick={() => void session.signOut()} data-testid="sign-out">Sign out</button>
          <button className="btn small ghost" style={{ color: '#c9d3e6' }} aria-label="Keyboard shortcuts" onClick={() => window.dispatchEvent(new KeyboardEvent('keydown', { key: '?' }))}>?</button>
        </span>
      </header>
      {route.area === 'monitoring' ? <MonitoringWorkspace route={route} store={store} /> : null}
      {route.area === 'my' ? <MyWorkspace route={route} store={store} /> : null}
      {route.area === 'admin' ? <Administration route={route} /> : null}
      {help ? <ShortcutHelp onClose={closeHelp} /> : null}
    </div>
  );
}
