// Global keyboard shortcuts: g then m / w / a switches workspace, / focuses the view's search,
// ? shows this list. Ignored while typing in a field.
import { useEffect, useState } from 'react';
import { Dialog } from '../design/dialog.tsx';
import { Button } from '../design/button.tsx';
import { href, navigate } from './router.ts';

const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ['g m', 'Monitoring'], ['g w', 'My Workspace'], ['g a', 'Administration'], ['/', 'Search in this view'],
  ['↑ ↓ or j k', 'Move in a table or the tree'], ['Enter', 'Open the row / view'], ['Space', 'Select the row'], ['Shift+A', 'Select every row on the page'],
  ['← →', 'Close / open a folder'], ['PageUp PageDown', 'Previous / next page'], ['Esc', 'Close a dialog'], ['?', 'This help'],
];

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

export function useGlobalShortcuts(): { help: boolean; closeHelp: () => void } {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    let pendingG = 0;
    const onKey = (event: KeyboardEvent): void => {
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '?') { setHelp(true); return; }
      if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>('main [data-search]');
        if (search) { event.preventDefault(); search.focus(); }
        return;
      }
      if (event.key === 'g') { pendingG = Date.now(); return; }
      if (Date.now() - pendingG < 1000) {
        const to = { m: href('monitoring'), w: href('my'), a: href('admin') }[event.key];
        if (to) navigate(to);
        pendingG = 0;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return { help, closeHelp: () => setHelp(false) };
}

export function ShortcutHelp({ onClose }: { readonly onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} onSubmit={onClose} footer={<Button type="submit" variant="primary">Close</Button>}>
      <div className="help-grid">{SHORTCUTS.map(([keys, what]) => <div key={keys} style={{ display: 'contents' }}><span><span className="kbd">{keys}</span></span><span>{what}</span></div>)}</div>
    </Dialog>
  );
}
