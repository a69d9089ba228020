// My Workspace: the user's saved views (their folders) and dashboards — grids of saved views
// that load together, e.g. alerts beside the computers' state and a performance chart.
import { useState } from 'react';
import { Tree, type TreeNode } from '../design/tree.tsx';
import { NavIcon } from '../design/icons.tsx';
import { Button } from '../design/button.tsx';
import { Dialog } from '../design/dialog.tsx';
import { Empty, PageHead, Panel } from '../design/panel.tsx';
import { href, navigate, type Route } from '../app/router.ts';
import { ViewRenderer } from '../monitoring/view-renderer.tsx';
import { newId, VIEW_KIND_LABEL, type Dashboard, type WorkspaceStore } from './view-store.ts';

export function MyWorkspace({ route, store }: { readonly route: Route; readonly store: WorkspaceStore }) {
  const [editing, setEditing] = useState<Dashboard | undefined>(undefined);
  const dashboard = store.workspace.dashboards.find((d) => d.id === route.id);
  const nodes: TreeNode[] = [
    { id: 'section:dashboards', label: 'Dashboards', icon: <NavIcon kind="dashboard" />, children: store.workspace.dashboards.map((d) => ({ id: d.id, label: d.name, icon: <NavIcon kind="dashboard" />, testId: `dashboard-${d.name}` })) },
    { id: 'section:views', label: 'Saved views', icon: <NavIcon kind="folder" />, children: store.workspace.folders.map((f) => ({ id: `folder:${f.id}`, label: f.name, icon: <NavIcon kind="folder" />, children: f.views.map((v) => ({ id: `view:${v.id}`, label: v.name, icon: <NavIcon kind={v.kind} /> })) })) },
  ];
  return (
    <div className="workspace">
      <aside className="sidebar" aria-label="My workspace navigation">
        <div className="sidebar-section"><span className="grow">My workspace</span>
          <button className="btn ghost small" data-testid="new-dashboard" onClick={() => setEditing({ id: newId('dash'), name: '', columns: 2, viewIds: [] })}>+ Dashboard</button>
        </div>
        <Tree label="My workspace" nodes={nodes} selectedId={route.id} onSelect={(node) => {
          if (node.id.startsWith('view:')) navigate(href('monitoring', node.id.slice(5)));
          else navigate(href('my', node.id));
        }} />
      </aside>
      <main className="main" id="main">
        {dashboard ? (
          <>
            <PageHead title={dashboard.name} sub={`Dashboard · ${dashboard.viewIds.length} views`}>
              <Button size="small" onClick={() => setEditing(dashboard)}>Edit dashboard</Button>
              <Button size="small" variant="danger" onClick={() => { store.removeDashboard(dashboard.id); navigate(href('my')); }}>Delete</Button>
            </PageHead>
            <div className="page-body">
              <div className="dash-grid" style={{ gridTemplateColumns: `repeat(${dashboard.columns}, minmax(0, 1fr))` }} data-testid="dashboard-grid">
                {dashboard.viewIds.map((id) => {
                  const view = store.findView(id);
                  return (
                    <div key={id} className="dash-cell">
                      {view ? (
                        <Panel title={<a href={href('monitoring', view.id)}>{view.name}</a>} bodyClass="panel-body">
                          <ViewRenderer view={view} compact />
                        </Panel>
                      ) : <Panel title="Missing view"><Empty>This view was deleted.</Empty></Panel>}
                    </div>
                  );
                })}
              </div>
              {dashboard.viewIds.length === 0 ? <Empty>This dashboard is empty: “Edit dashboard” adds views.</Empty> : null}
            </div>
          </>
        ) : (
          <>
            <PageHead title="My Workspace" />
            <div className="page-body">
              <Panel title="Start here">
                <p style={{ marginTop: 0 }}>Keep the views you use every day here. In <a href={href('monitoring')}>Monitoring</a>, create a folder (<strong>+ Folder</strong>), then add views to it or “Save as…” a built-in view. Dashboards put several saved views on one screen.</p>
                <p className="muted" style={{ marginBottom: 0 }}>Saved in this browser for your user; {store.workspace.folders.reduce((n, f) => n + f.views.length, 0)} saved views, {store.workspace.dashboards.length} dashboards.</p>
              </Panel>
            </div>
          </>
        )}
      </main>
      {editing ? <DashboardDialog store={store} initial={editing} onClose={() => setEditing(undefined)} onSave={(d) => { store.saveDashboard(d); setEditing(undefined); navigate(href('my', d.id)); }} /> : null}
    </div>
  );
}

function DashboardDialog({ store, initial, onSave, onClose }: { readonly store: WorkspaceStore; readonly initial: Dashboard; readonly onSave: (d: Dashboard) => void; readonly onClose: () => void }) {
  const [name, setName] = useState(initial.name);
  const [columns, setColumns] = useState(initial.columns);
  const [viewIds, setViewIds] = useState<string[]>([...initial.viewIds]);
  const all = store.allFolders.flatMap((f) => f.views.map((v) => ({ folder: f.name, view: v })));
  return (
    <Dialog title={initial.name ? 'Edit dashboard' : 'New dashboard'} onClose={onClose} onSubmit={() => name.trim() && onSave({ ...initial, name: name.trim(), columns, viewIds })}
      footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary" disabledReason={name.trim() ? undefined : 'Type a name.'}>Save dashboard</Button></>}>
      <label className="field"><span>Name</span><input className="input" value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label className="field"><span>Columns</span>
        <select className="input" value={columns} onChange={(e) => setColumns(Number(e.target.value))}>{[1, 2, 3].map((n) => <option key={n} value={n}>{n}</option>)}</select>
      </label>
      <fieldset style={{ border: '1px solid var(--border)', borderRadius: 6, maxHeight: 240, overflow: 'auto' }}>
        <legend className="muted">Views, in order</legend>
        {all.map(({ folder, view }) => (
          <label key={view.id} style={{ display: 'flex', gap: 6, alignItems: 'center', padding: '2px 0' }}>
            <input type="checkbox" checked={viewIds.includes(view.id)} onChange={(e) => setViewIds((ids) => (e.target.checked ? [...ids, view.id] : ids.filter((i) => i !== view.id)))} />
            <NavIcon kind={view.kind} /> {view.name} <span className="muted">· {folder} · {VIEW_KIND_LABEL[view.kind]}</span>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
