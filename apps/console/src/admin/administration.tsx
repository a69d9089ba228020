// Administration: one page per concern, listed on the left (a registry of pages).
import type { ReactNode } from 'react';
import type { Permission } from '@vigil/protocol';
import { Tree } from '../design/tree.tsx';
import { PageHead } from '../design/panel.tsx';
import { href, navigate, type Route } from '../app/router.ts';
import { useSession } from '../session/session.tsx';
import { AgentsPage } from './agents-page.tsx';
import { ServersPage } from './servers-page.tsx';
import { GatewaysPage } from './gateways-page.tsx';
import { PacksPage } from './packs-page.tsx';
import { OverridesPage } from './overrides-page.tsx';
import { MaintenancePage } from './maintenance-page.tsx';
import { GroupsPage } from './groups-page.tsx';
import { UsersPage } from './users-page.tsx';
import { AuditPage } from './audit-page.tsx';

interface AdminPage { readonly id: string; readonly title: string; readonly sub: string; readonly read: Permission; readonly render: () => ReactNode }

const PAGES: readonly AdminPage[] = [
  { id: 'agents', title: 'Agents', sub: 'Pending management, approval policy, join tokens', read: 'agents:read', render: () => <AgentsPage /> },
  { id: 'servers', title: 'Management servers and pools', sub: 'Live servers and pool leases', read: 'servers:read', render: () => <ServersPage /> },
  { id: 'gateways', title: 'Gateways', sub: 'Gateways and their approval', read: 'servers:read', render: () => <GatewaysPage /> },
  { id: 'packs', title: 'Management packs', sub: 'Import, export, remove, versions', read: 'packs:read', render: () => <PacksPage /> },
  { id: 'groups', title: 'Groups', sub: 'Groups, their members and rolled-up health', read: 'monitoring:read', render: () => <GroupsPage /> },
  { id: 'overrides', title: 'Overrides', sub: 'Set overrides; effective value with winner, candidates and conflicts', read: 'monitoring:read', render: () => <OverridesPage /> },
  { id: 'maintenance', title: 'Maintenance', sub: 'Start and end maintenance, schedules', read: 'monitoring:read', render: () => <MaintenancePage /> },
  { id: 'users', title: 'Users and roles', sub: 'Who may sign in and what they may do', read: 'users:read', render: () => <UsersPage /> },
  { id: 'audit', title: 'Audit log', sub: 'Every change, who and when', read: 'audit:read', render: () => <AuditPage /> },
];

export function Administration({ route }: { readonly route: Route }) {
  const { can } = useSession();
  const page = PAGES.find((p) => p.id === route.id) ?? PAGES[0]!;
  return (
    <div className="workspace">
      <aside className="sidebar" aria-label="Administration navigation">
        <div className="sidebar-section">Administration</div>
        <Tree label="Administration pages" selectedId={page.id} onSelect={(node) => navigate(href('admin', node.id))}
          nodes={PAGES.map((p) => ({ id: p.id, label: can(p.read) ? p.title : `${p.title} (no access)`, testId: `admin-${p.id}` }))} />
      </aside>
      <main className="main" id="main">
        <PageHead title={page.title} sub={page.sub} />
        {can(page.read) ? null : (
          <div className="page-body" style={{ paddingBottom: 0 }}>
            <div className="banner warn" role="status" data-testid="no-access">Your roles do not include the {page.read} permission: the server will refuse what this page asks for. Ask an administrator for a role that grants it.</div>
          </div>
        )}
        {page.render()}
      </main>
    </div>
  );
}
