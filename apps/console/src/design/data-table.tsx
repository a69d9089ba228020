// The one table of the console: server-side sorting and paging, row selection, and keyboard
// work (↑/↓ or j/k move, Space selects, Enter opens, Home/End, Shift+A selects the page).
import { useEffect, useRef, type ReactNode } from 'react';

export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly render: (row: T) => ReactNode;
  /** The API sort key this column sorts by (absent = not sortable). */
  readonly sortKey?: string;
  readonly width?: number | string;
}

export interface PageInfo {
  readonly total: number;
  readonly totalExact?: boolean;
  readonly offset: number;
  readonly limit: number;
  readonly nextOffset: number | null;
}

export interface DataTableProps<T> {
  readonly label: string;
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  readonly columns: ReadonlyArray<Column<T>>;
  readonly sort?: string | undefined;
  readonly onSort?: (sort: string) => void;
  readonly selected?: ReadonlySet<string>;
  readonly onSelectedChange?: (selected: Set<string>) => void;
  readonly activeKey?: string | undefined;
  readonly onActiveChange?: (key: string) => void;
  readonly onOpen?: (row: T) => void;
  readonly page?: PageInfo;
  readonly onPage?: (offset: number) => void;
  readonly fresh?: ReadonlySet<string>;
  readonly empty?: ReactNode;
  readonly testId?: string;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, rowKey, columns, sort, onSort, selected, onSelectedChange, activeKey, onActiveChange, onOpen, page, onPage, fresh, empty, label, testId } = props;
  const tableRef = useRef<HTMLTableElement>(null);
  const selectable = selected !== undefined && onSelectedChange !== undefined;
  const keys = rows.map(rowKey);
  const activeIndex = activeKey === undefined ? -1 : keys.indexOf(activeKey);

  useEffect(() => {
    if (activeKey === undefined) return;
    tableRef.current?.querySelector(`tr[data-key="${CSS.escape(activeKey)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeKey]);

  const toggle = (key: string): void => {
    if (!selectable) return;
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onSelectedChange(next);
  };
  const move = (index: number): void => {
    const key = keys[Math.max(0, Math.min(keys.length - 1, index))];
    if (key !== undefined) onActiveChange?.(key);
  };

  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.target !== tableRef.current) return;
    const handled = ((): boolean => {
      switch (event.key) {
        case 'ArrowDown': case 'j': move(activeIndex + 1); return true;
        case 'ArrowUp': case 'k': move(activeIndex < 0 ? 0 : activeIndex - 1); return true;
        case 'Home': move(0); return true;
        case 'End': move(keys.length - 1); return true;
        case ' ': if (activeKey !== undefined) toggle(activeKey); return true;
        case 'Enter': { const row = rows[activeIndex]; if (row !== undefined) onOpen?.(row); return true; }
        case 'A': if (selectable && event.shiftKey) { onSelectedChange(selected.size === keys.length ? new Set() : new Set(keys)); return true; } return false;
        case 'PageDown': if (page?.nextOffset != null) onPage?.(page.nextOffset); return true;
        case 'PageUp': if (page && page.offset > 0) onPage?.(Math.max(0, page.offset - page.limit)); return true;
        default: return false;
      }
    })();
    if (handled) event.preventDefault();
  };

  const allSelected = selectable && keys.length > 0 && keys.every((k) => selected.has(k));
  return (
    <>
      <div className="table-wrap">
        <table ref={tableRef} className="data" tabIndex={0} aria-label={label} aria-multiselectable={selectable || undefined} onKeyDown={onKeyDown} data-testid={testId}>
          <thead>
            <tr>
              {selectable ? (
                <th className="check">
                  <input type="checkbox" aria-label="Select all rows on this page" checked={allSelected} onChange={() => onSelectedChange(allSelected ? new Set() : new Set(keys))} />
                </th>
              ) : null}
              {columns.map((column) => {
                const direction = sort === column.sortKey ? 'ascending' : sort === `-${column.sortKey}` ? 'descending' : undefined;
                return (
                  <th key={column.key} style={column.width ? { width: column.width } : undefined} aria-sort={direction ?? 'none'}>
                    {column.sortKey && onSort ? (
                      <button onClick={() => onSort(direction === 'ascending' ? `-${column.sortKey}` : column.sortKey!)}>
                        {column.header} {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                      </button>
                    ) : column.header}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const key = keys[index]!;
              const isSelected = selected?.has(key) ?? false;
              return (
                <tr
                  key={key}
                  data-key={key}
                  aria-selected={selectable ? isSelected : key === activeKey}
                  className={[key === activeKey ? 'active' : '', fresh?.has(key) ? 'fresh' : ''].filter(Boolean).join(' ') || undefined}
                  onClick={() => {
                    onActiveChange?.(key);
                    onOpen?.(row);
                  }}
                >
                  {selectable ? (
                    <td className="check" onClick={(e) => e.stopPropagation()}>
                      <input type="checkbox" aria-label={`Select row ${index + 1}`} checked={isSelected} onChange={() => toggle(key)} />
                    </td>
                  ) : null}
                  {columns.map((column) => <td key={column.key}>{column.render(row)}</td>)}
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 ? <div className="empty">{empty ?? 'Nothing to show.'}</div> : null}
      </div>
      {page ? (
        <div className="pager">
          <span>
            {page.total === 0 ? 'No items' : `${page.offset + 1}–${page.offset + rows.length} of ${page.total}${page.totalExact === false ? '+' : ''}`}
          </span>
          {selectable && selected.size > 0 ? <span>· {selected.size} selected</span> : null}
          <span className="grow" />
          <button className="btn small" disabled={page.offset === 0} onClick={() => onPage?.(Math.max(0, page.offset - page.limit))}>Previous</button>
          <button className="btn small" disabled={page.nextOffset === null} onClick={() => page.nextOffset !== null && onPage?.(page.nextOffset)}>Next</button>
        </div>
      ) : null}
    </>
  );
}
