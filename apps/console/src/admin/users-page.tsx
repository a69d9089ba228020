// Users and roles: who can sign in, which roles (profile + scope) they hold; create users and
// roles, assign and remove members.
import { useState } from 'react';
import { PROFILES, type Profile, type Role, type User } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useAsync } from '../design/use-async.ts';
import { DataTable, type Column } from '../design/data-table.tsx';
import { Button } from '../design/button.tsx';
import { Dialog } from '../design/dialog.tsx';
import { ErrorBanner, Panel } from '../design/panel.tsx';
import { Pill } from '../design/health.tsx';
import { useToast } from '../design/toast.tsx';
import { formatTime } from '../design/format.ts';

export function UsersPage() {
  const { api, cannot } = useSession();
  const toast = useToast();
  const users = useAsync(() => api.users.list({ limit: 200, sort: 'name' }), [api]);
  const roles = useAsync(() => api.roles.list({ limit: 200, sort: 'name' }), [api]);
  const [dialog, setDialog] = useState<'user' | 'role' | undefined>(undefined);

  const disable = async (user: User): Promise<void> => {
    if (!window.confirm(`Disable ${user.name}? Their sessions end at once.`)) return;
    try {
      await api.users.disable(user.name);
      toast.show('success', `${user.name} disabled.`);
      users.reload();
    } catch (error) {
      toast.failure(error, `disable ${user.name}`);
    }
  };
  const unassign = async (role: Role, member: string): Promise<void> => {
    try {
      await api.roles.unassign(role.name, member);
      roles.reload();
      users.reload();
    } catch (error) {
      toast.failure(error, `remove ${member} from ${role.name}`);
    }
  };

  const userColumns: Column<User>[] = [
    { key: 'name', header: 'User', render: (u) => <>{u.name} <span className="muted">{u.displayName !== u.name ? u.displayName : ''}</span></> },
    { key: 'roles', header: 'Roles', render: (u) => u.roles.join(', ') || <span className="muted">none</span> },
    { key: 'state', header: 'State', render: (u) => (u.disabledAtMs ? <Pill tone="unknown">disabled</Pill> : <Pill tone="healthy">active</Pill>) },
    { key: 'created', header: 'Created', render: (u) => formatTime(u.createdAtMs) },
    { key: 'actions', header: '', render: (u) => (u.disabledAtMs ? null : <Button size="small" variant="danger" disabledReason={cannot('users:manage')} onClick={() => void disable(u)}>Disable</Button>) },
  ];
  const roleColumns: Column<Role>[] = [
    { key: 'name', header: 'Role', render: (r) => r.name },
    { key: 'profile', header: 'Profile', render: (r) => <Pill tone="information">{r.profile}</Pill> },
    { key: 'scope', header: 'Scope', render: (r) => [r.scope.groups.length ? `groups: ${r.scope.groups.join(', ')}` : '', r.scope.classes.length ? `classes: ${r.scope.classes.join(', ')}` : ''].filter(Boolean).join('; ') || 'everything' },
    { key: 'members', header: 'Members', render: (r) => (
      <span className="toolbar">{r.members.map((m) => <span key={m} className="chip">{m}<button className="btn ghost small icon" aria-label={`Remove ${m} from ${r.name}`} title={cannot('roles:manage') ?? `Remove ${m}`} disabled={Boolean(cannot('roles:manage'))} onClick={() => void unassign(r, m)}>×</button></span>)}</span>
    ) },
  ];
  return (
    <div className="page-body" data-testid="users-page">
      <Panel title="Users" bodyClass="" actions={<Button size="small" variant="primary" testId="new-user" disabledReason={cannot('users:manage')} onClick={() => setDialog('user')}>New user</Button>}>
        <ErrorBanner error={users.error} onRetry={users.reload} />
        <DataTable label="Users" rows={users.data?.items ?? []} rowKey={(u) => u.id} columns={userColumns} page={users.data} />
      </Panel>
      <Panel title="Roles" bodyClass="" actions={<Button size="small" disabledReason={cannot('roles:manage')} onClick={() => setDialog('role')}>New role</Button>}>
        <ErrorBanner error={roles.error} onRetry={roles.reload} />
        <DataTable label="Roles" rows={roles.data?.items ?? []} rowKey={(r) => r.id} columns={roleColumns} page={roles.data} />
      </Panel>
      {dialog === 'user' ? <UserDialog roles={roles.data?.items ?? []} onClose={() => setDialog(undefined)} onDone={() => { setDialog(undefined); users.reload(); roles.reload(); }} /> : null}
      {dialog === 'role' ? <RoleDialog onClose={() => setDialog(undefined)} onDone={() => { setDialog(undefined); roles.reload(); }} /> : null}
    </div>
  );
}

function UserDialog({ roles, onClose, onDone }: { readonly roles: readonly Role[]; readonly onClose: () => void; readonly onDone: () => void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (): Promise<void> => {
    try {
      await api.users.create({ name, password, ...(displayName ? { displayName } : {}), ...(role ? { roles: [role] } : {}) });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog title="New user" onClose={onClose} onSubmit={() => void submit()} footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary">Create user</Button></>}>
      <label className="field"><span>User name</span><input className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" /></label>
      <label className="field"><span>Display name</span><input className="input" value={displayName} onChange={(e) => setDisplayName(e.target.value)} /></label>
      <label className="field"><span>Password (12 characters or more)</span><input className="input" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" /></label>
      <label className="field"><span>Role</span>
        <select className="input" value={role} onChange={(e) => setRole(e.target.value)}><option value="">No role yet</option>{roles.map((r) => <option key={r.id} value={r.name}>{r.name} ({r.profile})</option>)}</select>
      </label>
      <ErrorBanner error={error} />
    </Dialog>
  );
}

function RoleDialog({ onClose, onDone }: { readonly onClose: () => void; readonly onDone: () => void }) {
  const { api } = useSession();
  const [name, setName] = useState('');
  const [profile, setProfile] = useState<Profile>('operator');
  const [groups, setGroups] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (): Promise<void> => {
    try {
      const list = groups.split(',').map((g) => g.trim()).filter(Boolean);
      await api.roles.create({ name, profile, ...(list.length ? { scope: { groups: list } } : {}) });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog title="New role" onClose={onClose} onSubmit={() => void submit()} footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary">Create role</Button></>}>
      <label className="field"><span>Name</span><input className="input" value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label className="field"><span>Profile</span><select className="input" value={profile} onChange={(e) => setProfile(e.target.value as Profile)}>{PROFILES.map((p) => <option key={p} value={p}>{p}</option>)}</select></label>
      <label className="field"><span>Scope: groups (comma-separated; empty = everything)</span><input className="input" value={groups} onChange={(e) => setGroups(e.target.value)} /></label>
      <ErrorBanner error={error} />
    </Dialog>
  );
}
