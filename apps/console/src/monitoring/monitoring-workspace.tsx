// The Monitoring workspace: the navigation tree (built-in Monitoring folder and the user's own
// folders of saved views) on the left, the chosen view on the right.
import { useState } from 'react';
import { Tree, type TreeNode } from '../design/tree.tsx';
import { NavIcon } from '../design/icons.tsx';
import { Button } from '../design/button.tsx';
import { PageHead } from '../design/panel.tsx';
import { href, navigate, type Route } from '../app/router.ts';
import { VIEW_KIND_LABEL, type Folder, type ViewDef, type WorkspaceStore } from '../workspace/view-store.ts';
import { NameDialog, ViewDialog } from '../workspace/view-dialog.tsx';
import { ViewRenderer } from './view-renderer.tsx';

type DialogState = { readonly kind: 'folder'; readonly folder?: Folder } | { readonly kind: 'view'; readonly folderId?: string; readonly view?: ViewDef } | undefined;

export function MonitoringWorkspace({ route, store }: { readonly route: Route; readonly store: WorkspaceStore }) {
  const [dialog, setDialog] = useState<DialogState>(undefined);
  const viewId = route.id ?? 'active-alerts';
  const view = store.findView(viewId);
  const folderOf = (id: string): Folder | undefined => store.allFolders.find((f) => f.views.some((v) => v.id === id));
  const owner = view ? folderOf(view.id) : undefined;

  const nodes: TreeNode[] = store.allFolders.map((folder) => ({
    id: `folder:${folder.id}`,
    label: folder.name,
    icon: <NavIcon kind="folder" />,
    testId: `folder-${folder.name}`,
    actions: folder.builtIn ? undefined : (
      <>
        <button className="btn ghost small icon" title="New view in this folder" aria-label={`New view in ${folder.name}`} onClick={() => setDialog({ kind: 'view', folderId: folder.id })}>+</button>
        <button className="btn ghost small icon" title="Rename folder" aria-label={`Rename ${folder.name}`} onClick={() => setDialog({ kind: 'folder', folder })}>✎</button>
        <button className="btn ghost small icon" title="Delete folder" aria-label={`Delete ${folder.name}`} onClick={() => { if (window.confirm(`Delete the folder “${folder.name}” and its views?`)) store.removeFolder(folder.id); }}>×</button>
      </>
    ),
    children: folder.views.map((v) => ({ id: v.id, label: v.name, icon: <NavIcon kind={v.kind} />, testId: `view-${v.name}` })),
  }));

  return (
    <div className="workspace">
      <aside className="sidebar" aria-label="Monitoring navigation">
        <div className="sidebar-section"><span className="grow">Views</span>
          <button className="btn ghost small" onClick={() => setDialog({ kind: 'folder' })} data-testid="new-folder">+ Folder</button>
        </div>
        <Tree label="Monitoring views" nodes={nodes} selectedId={viewId} onSelect={(node) => navigate(href('monitoring', node.id))} />
      </aside>
      <main className="main" id="main">
        {view ? (
          <>
            <PageHead title={view.name} sub={`${VIEW_KIND_LABEL[view.kind]}${owner ? ` · ${owner.name}` : ''}`}>
              {owner?.builtIn
                ? <Button size="small" disabledReason={store.workspace.folders.length === 0 ? 'Create a folder of your own first (+ Folder).' : undefined} onClick={() => setDialog({ kind: 'view', view: { ...view, id: `copy-${Date.now().toString(36)}`, name: `${view.name} (copy)` } })}>Save as…</Button>
                : owner ? (
                  <>
                    <Button size="small" onClick={() => setDialog({ kind: 'view', folderId: owner.id, view })}>Edit view</Button>
                    <Button size="small" variant="danger" onClick={() => { store.removeView(view.id); navigate(href('monitoring')); }}>Delete view</Button>
                  </>
                ) : null}
            </PageHead>
            <div className="page-body"><ViewRenderer view={view} objectId={route.params.get('object') ?? undefined} /></div>
          </>
        ) : (
          <div className="empty">This view no longer exists. Pick another on the left.</div>
        )}
      </main>
      {dialog?.kind === 'folder' ? (
        <NameDialog title={dialog.folder ? 'Rename folder' : 'New folder'} initial={dialog.folder?.name ?? ''} onClose={() => setDialog(undefined)}
          onSave={(name) => { if (dialog.folder) store.renameFolder(dialog.folder.id, name); else store.addFolder(name); setDialog(undefined); }} />
      ) : null}
      {dialog?.kind === 'view' ? (
        <ViewDialog folders={store.workspace.folders} defaultFolderId={dialog.folderId} initial={dialog.view ? { folderId: dialog.folderId ?? store.workspace.folders[0]?.id ?? '', view: dialog.view } : undefined}
          onClose={() => setDialog(undefined)}
          onSave={(folderId, saved) => { store.saveView(folderId, saved); setDialog(undefined); navigate(href('monitoring', saved.id)); }} />
      ) : null}
    </div>
  );
}
