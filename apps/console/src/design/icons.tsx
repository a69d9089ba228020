// Small line icons for navigation (view kinds, folders).
import type { ViewKind } from '../workspace/view-store.ts';

const PATHS: Record<ViewKind | 'folder' | 'dashboard', string> = {
  alert: 'M8 2l6 11H2z M8 6v3.5 M8 11.2v.3',
  state: 'M2 3h12v10H2z M2 6.5h12 M5 3v10',
  perf: 'M2 13l3.5-4 3 2.5L14 4 M2 2v11h12',
  diagram: 'M6 2h4v3H6z M2 11h4v3H2z M10 11h4v3h-4z M8 5v3 M4 8h8 M4 8v3 M12 8v3',
  event: 'M3 2h10v12H3z M5.5 5h5 M5.5 8h5 M5.5 11h3',
  task: 'M3 8.5l3 3 7-7',
  folder: 'M1.5 4h5l1.5 1.5h6.5v8h-13z',
  dashboard: 'M2 2h5v5H2z M9 2h5v3H9z M9 7h5v7H9z M2 9h5v5H2z',
};

export function NavIcon({ kind }: { readonly kind: keyof typeof PATHS }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" style={{ flex: 'none', color: 'var(--muted)' }}>
      <path d={PATHS[kind]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
