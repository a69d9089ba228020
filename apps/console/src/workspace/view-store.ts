// The user's monitoring workspace: folders of saved views and dashboards (grids of views), kept
// per user in this browser's localStorage until the API offers user preferences. Built-in views
// (the Monitoring folder) are read-only; "Save as" copies one into a folder of the user's.
import { useCallback, useEffect, useState } from 'react';

export type AlertStateFilter = 'open' | 'closed' | 'all';

export type ViewDef =
  | { readonly kind: 'alert'; readonly id: string; readonly name: string; readonly severity?: string; readonly state?: AlertStateFilter; readonly q?: string }
  | { readonly kind: 'state'; readonly id: string; readonly name: string; readonly classId: string; readonly health?: string; readonly q?: string }
  | { readonly kind: 'perf'; readonly id: string; readonly name: string; readonly objectId?: string; readonly counter?: string; readonly rangeMs?: number }
  | { readonly kind: 'diagram'; readonly id: string; readonly name: string; readonly objectId?: string }
  | { readonly kind: 'event'; readonly id: string; readonly name: string; readonly level?: string; readonly q?: string }
  | { readonly kind: 'task'; readonly id: string; readonly name: string };

export type ViewKind = ViewDef['kind'];

export interface Folder { readonly id: string; readonly name: string; readonly builtIn?: boolean; readonly views: readonly ViewDef[] }
export interface Dashboard { readonly id: string; readonly name: string; readonly columns: number; readonly viewIds: readonly string[] }
export interface Workspace { readonly folders: readonly Folder[]; readonly dashboards: readonly Dashboard[] }

export const VIEW_KIND_LABEL: Record<ViewKind, string> = { alert: 'Alert view', state: 'State view', perf: 'Performance view', diagram: 'Diagram view', event: 'Event view', task: 'Task status' };

export const BUILT_IN_FOLDER: Folder = {
  id: 'monitoring',
  name: 'Monitoring',
  builtIn: true,
  views: [
    { kind: 'alert', id: 'active-alerts', name: 'Active Alerts', state: 'open' },
    { kind: 'state', id: 'computers', name: 'Computers', classId: 'Vigil.Core.Computer' },
    { kind: 'state', id: 'all-objects', name: 'All Monitored Objects', classId: '' },
    { kind: 'diagram', id: 'health-explorer', name: 'Health Explorer' },
    { kind: 'perf', id: 'performance', name: 'Performance', rangeMs: 3_600_000 },
    { kind: 'event', id: 'events', name: 'Events' },
    { kind: 'task', id: 'tasks', name: 'Task Status' },
  ],
};

const EMPTY: Workspace = { folders: [], dashboards: [] };

function storageKey(userId: string): string {
  return `vigil.workspace.v1.${userId}`;
}

function read(userId: string): Workspace {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    if (!raw) return EMPTY;
    const parsed = JSON.parse(raw) as Partial<Workspace>;
    return { folders: Array.isArray(parsed.folders) ? parsed.folders : [], dashboards: Array.isArray(parsed.dashboards) ? parsed.dashboards : [] };
  } catch {
    return EMPTY;
  }
}

export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface WorkspaceStore {
  readonly workspace: Workspace;
  /** Built-in folder first, then the user's. */
  readonly allFolders: readonly Folder[];
  findView(id: string): ViewDef | undefined;
  addFolder(name: string): Folder;
  renameFolder(id: string, name: string): void;
  removeFolder(id: string): void;
  saveView(folderId: string, view: ViewDef): void;
  removeView(viewId: string): void;
  saveDashboard(dashboard: Dashboard): void;
  removeDashboard(id: string): void;
}

/** The workspace of `userId`, saved on every change and kept in step across tabs. */
export function useWorkspace(userId: string): WorkspaceStore {
  const [workspace, setWorkspace] = useState<Workspace>(() => read(userId));
  useEffect(() => {
    const onStorage = (event: StorageEvent): void => {
      if (event.key === storageKey(userId)) setWorkspace(read(userId));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [userId]);
  const update = useCallback((change: (w: Workspace) => Workspace) => {
    setWorkspace((current) => {
      const next = change(current);
      localStorage.setItem(storageKey(userId), JSON.stringify(next));
      return next;
    });
  }, [userId]);

  const allFolders = [BUILT_IN_FOLDER, ...workspace.folders];
  return {
    workspace,
    allFolders,
    findView: (id) => allFolders.flatMap((f) => f.views).find((v) => v.id === id),
    addFolder(name) {
      const folder: Folder = { id: newId('folder'), name, views: [] };
      update((w) => ({ ...w, folders: [...w.folders, folder] }));
      return folder;
    },
    renameFolder: (id, name) => update((w) => ({ ...w, folders: w.folders.map((f) => (f.id === id ? { ...f, name } : f)) })),
    removeFolder: (id) => update((w) => ({ ...w, folders: w.folders.filter((f) => f.id !== id) })),
    saveView: (folderId, view) =>
      update((w) => ({
        ...w,
        folders: w.folders.map((f) => (f.id === folderId ? { ...f, views: f.views.some((v) => v.id === view.id) ? f.views.map((v) => (v.id === view.id ? view : v)) : [...f.views, view] } : f)),
      })),
    removeView: (viewId) => update((w) => ({ folders: w.folders.map((f) => ({ ...f, views: f.views.filter((v) => v.id !== viewId) })), dashboards: w.dashboards.map((d) => ({ ...d, viewIds: d.viewIds.filter((v) => v !== viewId) })) })),
    saveDashboard: (dashboard) => update((w) => ({ ...w, dashboards: w.dashboards.some((d) => d.id === dashboard.id) ? w.dashboards.map((d) => (d.id === dashboard.id ? dashboard : d)) : [...w.dashboards, dashboard] })),
    removeDashboard: (id) => update((w) => ({ ...w, dashboards: w.dashboards.filter((d) => d.id !== id) })),
  };
}
