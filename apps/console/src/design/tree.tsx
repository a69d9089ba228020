// A navigation tree with the WAI-ARIA tree pattern: one tab stop, ↑/↓ move, → opens or goes to
// the first child, ← closes or goes to the parent, Enter/Space activates, Home/End.
import { useMemo, useRef, useState, type ReactNode } from 'react';

export interface TreeNode {
  readonly id: string;
  readonly label: string;
  readonly icon?: ReactNode;
  readonly children?: readonly TreeNode[];
  /** Buttons shown on hover/focus (rename, delete…). */
  readonly actions?: ReactNode;
  readonly testId?: string;
}

interface Visible { readonly node: TreeNode; readonly depth: number; readonly parentId: string | undefined }

export function Tree({ nodes, selectedId, onSelect, label }: { readonly nodes: readonly TreeNode[]; readonly selectedId: string | undefined; readonly onSelect: (node: TreeNode) => void; readonly label: string }) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const visible = useMemo(() => {
    const out: Visible[] = [];
    const walk = (list: readonly TreeNode[], depth: number, parentId: string | undefined): void => {
      for (const node of list) {
        out.push({ node, depth, parentId });
        if (node.children && !collapsed.has(node.id)) walk(node.children, depth + 1, node.id);
      }
    };
    walk(nodes, 0, undefined);
    return out;
  }, [nodes, collapsed]);

  const current = focusId ?? selectedId ?? visible[0]?.node.id;
  const focus = (id: string | undefined): void => {
    if (id === undefined) return;
    setFocusId(id);
    itemRefs.current.get(id)?.focus();
  };
  const toggle = (id: string, open?: boolean): void => {
    setCollapsed((c) => {
      const next = new Set(c);
      const isOpen = !c.has(id);
      if (open ?? !isOpen) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const onKeyDown = (event: React.KeyboardEvent, entry: Visible, index: number): void => {
    const { node } = entry;
    const hasChildren = Boolean(node.children);
    const isOpen = hasChildren && !collapsed.has(node.id);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown': focus(visible[index + 1]?.node.id); break;
      case 'ArrowUp': focus(visible[index - 1]?.node.id); break;
      case 'Home': focus(visible[0]?.node.id); break;
      case 'End': focus(visible[visible.length - 1]?.node.id); break;
      case 'ArrowRight':
        if (hasChildren && !isOpen) toggle(node.id, true);
        else if (isOpen) focus(node.children?.[0]?.id);
        break;
      case 'ArrowLeft':
        if (isOpen) toggle(node.id, false);
        else focus(entry.parentId);
        break;
      case 'Enter': case ' ':
        if (hasChildren) toggle(node.id);
        else onSelect(node);
        break;
      default: handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const render = (list: readonly TreeNode[], depth: number): ReactNode =>
    list.map((node) => {
      const index = visible.findIndex((v) => v.node.id === node.id);
      const entry = visible[index]!;
      const hasChildren = Boolean(node.children);
      const isOpen = hasChildren && !collapsed.has(node.id);
      return (
        <li
          key={node.id}
          ref={(el) => { if (el) itemRefs.current.set(node.id, el); else itemRefs.current.delete(node.id); }}
          role="treeitem"
          className="tree-item"
          aria-level={depth + 1}
          aria-expanded={hasChildren ? isOpen : undefined}
          aria-selected={node.id === selectedId}
          tabIndex={node.id === current ? 0 : -1}
          data-testid={node.testId}
          onKeyDown={(e) => onKeyDown(e, entry, index)}
          onFocus={(e) => { if (e.target === e.currentTarget) setFocusId(node.id); }}
        >
          <div className="tree-row" style={{ '--depth': depth } as React.CSSProperties} onClick={() => { setFocusId(node.id); if (hasChildren) toggle(node.id); else onSelect(node); }}>
            <span className="twisty" aria-hidden="true">{hasChildren ? (isOpen ? '▾' : '▸') : ''}</span>
            {node.icon}
            <span className="grow">{node.label}</span>
            {node.actions ? <span className="row-actions" onClick={(e) => e.stopPropagation()}>{node.actions}</span> : null}
          </div>
          {hasChildren && isOpen ? <ul role="group">{render(node.children!, depth + 1)}</ul> : null}
        </li>
      );
    });

  return <ul className="tree" role="tree" aria-label={label}>{render(nodes, 0)}</ul>;
}
