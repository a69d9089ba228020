// A modal dialog: focus moves in on open, Escape closes, Enter in a field submits.
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog({ title, children, footer, onClose, onSubmit }: { readonly title: string; readonly children: ReactNode; readonly footer: ReactNode; readonly onClose: () => void; readonly onSubmit?: () => void }) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <header>{title}</header>
        <div className="body">{children}</div>
        <footer>{footer}</footer>
      </form>
    </div>
  );
}
