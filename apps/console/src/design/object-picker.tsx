// Pick a monitored object by typing part of its name (server-side search, combobox pattern:
// ↓/↑ move through matches, Enter picks, Escape closes).
import { useEffect, useId, useState } from 'react';
import type { MonitoringObjectView } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { HealthIcon } from './health.tsx';

export function ObjectPicker({ value, onChange, classId, label = 'Object', placeholder = 'Type a name…' }: { readonly value: MonitoringObjectView | undefined; readonly onChange: (object: MonitoringObjectView) => void; readonly classId?: string; readonly label?: string; readonly placeholder?: string }) {
  const { api } = useSession();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [matches, setMatches] = useState<MonitoringObjectView[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => {
      api.objects.list({ limit: 12, sort: 'displayName', ...(text ? { q: text } : {}), ...(classId ? { classId } : {}) }).then(
        (page) => { setMatches(page.items); setActive(0); setError(undefined); },
        (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [api, text, classId, open]);

  const pick = (object: MonitoringObjectView | undefined): void => {
    if (!object) return;
    onChange(object);
    setOpen(false);
    setText('');
  };

  return (
    <label className="field" style={{ position: 'relative', minWidth: 260 }}>
      <span>{label}</span>
      <input
        className="input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        placeholder={value ? value.displayName : placeholder}
        value={text}
        data-testid="object-picker"
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => { setText(e.target.value); setOpen(true); }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { setActive((a) => Math.min(matches.length - 1, a + 1)); e.preventDefault(); }
          else if (e.key === 'ArrowUp') { setActive((a) => Math.max(0, a - 1)); e.preventDefault(); }
          else if (e.key === 'Enter') { pick(matches[active]); e.preventDefault(); }
          else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {open ? (
        <ul id={listId} role="listbox" className="panel" style={{ position: 'absolute', top: '100%', left: 0, right: 0, zIndex: 20, listStyle: 'none', margin: 0, padding: 4, maxHeight: 280, overflow: 'auto' }}>
          {error ? <li className="muted" style={{ padding: 6 }}>{error}</li> : null}
          {!error && matches.length === 0 ? <li className="muted" style={{ padding: 6 }}>No matching objects</li> : null}
          {matches.map((object, index) => (
            <li key={object.id} role="option" aria-selected={index === active} onMouseDown={(e) => { e.preventDefault(); pick(object); }}
              style={{ padding: '4px 6px', display: 'flex', gap: 6, alignItems: 'center', borderRadius: 4, cursor: 'pointer', background: index === active ? 'var(--accent-weak)' : undefined }}>
              <HealthIcon state={object.displayState} size={14} />
              <span>{object.displayName}</span>
              <span className="muted" style={{ marginLeft: 'auto', fontSize: 11 }}>{object.classDisplayName}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </label>
  );
}
