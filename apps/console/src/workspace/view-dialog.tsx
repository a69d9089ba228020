// Create or edit a saved view: its kind, name, folder and the filters it starts with.
import { useState } from 'react';
import { Dialog } from '../design/dialog.tsx';
import { Button } from '../design/button.tsx';
import { newId, VIEW_KIND_LABEL, type Folder, type ViewDef, type ViewKind } from './view-store.ts';

export function ViewDialog({ folders, initial, defaultFolderId, onSave, onClose }: { readonly folders: readonly Folder[]; readonly defaultFolderId?: string | undefined; readonly initial?: { readonly folderId: string; readonly view: ViewDef }; readonly onSave: (folderId: string, view: ViewDef) => void; readonly onClose: () => void }) {
  const [kind, setKind] = useState<ViewKind>(initial?.view.kind ?? 'alert');
  const [name, setName] = useState(initial?.view.name ?? '');
  const [folderId, setFolderId] = useState(initial?.folderId ?? defaultFolderId ?? folders[0]?.id ?? '');
  const [filter, setFilter] = useState(() => {
    const v = initial?.view;
    if (!v) return '';
    return v.kind === 'alert' ? v.severity ?? '' : v.kind === 'state' ? v.classId : v.kind === 'event' ? v.level ?? '' : v.kind === 'perf' ? v.counter ?? '' : '';
  });
  const id = initial?.view.id ?? newId('view');
  const build = (): ViewDef => {
    const base = { id, name: name.trim() || VIEW_KIND_LABEL[kind] };
    switch (kind) {
      case 'alert': return { ...base, kind, state: 'open', ...(filter ? { severity: filter } : {}) };
      case 'state': return { ...base, kind, classId: filter };
      case 'perf': return { ...base, kind, rangeMs: 3_600_000, ...(filter ? { counter: filter } : {}) };
      case 'event': return { ...base, kind, ...(filter ? { level: filter } : {}) };
      case 'diagram': return { ...base, kind };
      case 'task': return { ...base, kind };
    }
  };
  const filterLabel: Partial<Record<ViewKind, string>> = { alert: 'Severities (e.g. critical,warning)', state: 'Class (e.g. Vigil.Core.Computer; empty = all)', perf: 'Counter (empty = any)', event: 'Levels (e.g. error,warning)' };
  return (
    <Dialog title={initial ? 'Edit view' : 'New view'} onClose={onClose} onSubmit={() => folderId && onSave(folderId, build())}
      footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary" disabledReason={folders.length === 0 ? 'Create a folder first.' : undefined}>Save view</Button></>}>
      <label className="field"><span>Kind</span>
        <select className="input" value={kind} onChange={(e) => setKind(e.target.value as ViewKind)} disabled={Boolean(initial)}>
          {(Object.keys(VIEW_KIND_LABEL) as ViewKind[]).map((k) => <option key={k} value={k}>{VIEW_KIND_LABEL[k]}</option>)}
        </select>
      </label>
      <label className="field"><span>Name</span><input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder={VIEW_KIND_LABEL[kind]} /></label>
      <label className="field"><span>Folder</span>
        <select className="input" value={folderId} onChange={(e) => setFolderId(e.target.value)}>{folders.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}</select>
      </label>
      {filterLabel[kind] ? <label className="field"><span>{filterLabel[kind]}</span><input className="input" value={filter} onChange={(e) => setFilter(e.target.value)} /></label> : null}
    </Dialog>
  );
}

export function NameDialog({ title, initial = '', onSave, onClose }: { readonly title: string; readonly initial?: string; readonly onSave: (name: string) => void; readonly onClose: () => void }) {
  const [name, setName] = useState(initial);
  return (
    <Dialog title={title} onClose={onClose} onSubmit={() => name.trim() && onSave(name.trim())}
      footer={<><Button onClick={onClose}>Cancel</Button><Button type="submit" variant="primary" disabledReason={name.trim() ? undefined : 'Type a name.'}>Save</Button></>}>
      <label className="field"><span>Name</span><input className="input" value={name} onChange={(e) => setName(e.target.value)} /></label>
    </Dialog>
  );
}
