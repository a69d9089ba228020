// Diagram view (health explorer): an object's health tree — Entity Health, its Availability /
// Configuration / Performance / Security aggregates, and the unit monitors under them — with
// the object's recent state changes and the context that caused each.
import { useState, type ReactNode } from 'react';
import type { HealthTreeNode, MonitoringObjectView } from '@vigil/protocol';
import { useSession } from '../session/session.tsx';
import { useLiveFeed } from '../api/live-feed.tsx';
import { useAsync } from '../design/use-async.ts';
import { Health, HealthIcon } from '../design/health.tsx';
import { Empty, ErrorBanner, Panel } from '../design/panel.tsx';
import { ObjectPicker } from '../design/object-picker.tsx';
import { formatAge, formatTime } from '../design/format.ts';
import type { ViewDef } from '../workspace/view-store.ts';

type DiagramViewDef = Extract<ViewDef, { kind: 'diagram' }>;

function TreeCard({ node, all, inMaintenance }: { readonly node: HealthTreeNode; readonly all: readonly HealthTreeNode[]; readonly inMaintenance: boolean }): ReactNode {
  const children = all.filter((n) => n.parentId === node.monitorId);
  const state = inMaintenance && node.parentId === null ? 'maintenance' : node.state;
  return (
    <div className="dnode">
      <div className="dcard" data-state={state} tabIndex={0} aria-label={`${node.displayName}: ${state}`} data-testid="diagram-node">
        <div className="title"><HealthIcon state={state} size={14} /> {node.displayName}</div>
        <div className="meta">{node.kind} · {node.changedAtMs ? formatAge(node.changedAtMs) : 'no change yet'}</div>
      </div>
      {children.length > 0 ? (
        <div className="dchildren">{children.map((child) => <TreeCard key={child.monitorId} node={child} all={all} inMaintenance={false} />)}</div>
      ) : null}
    </div>
  );
}

export function DiagramView({ view, compact = false, initialObject }: { readonly view: DiagramViewDef; readonly compact?: boolean; readonly initialObject?: string | undefined }) {
  const { api } = useSession();
  const live = useLiveFeed();
  const [picked, setPicked] = useState<MonitoringObjectView | undefined>(undefined);
  const objectId = picked?.id ?? initialObject ?? view.objectId;
  const detail = useAsync(() => (objectId ? api.objects.get(objectId) : Promise.resolve(undefined)), [api, objectId, live.epoch]);
  const changes = useAsync(() => (objectId ? api.stateChanges.list({ objectId, limit: 20, sort: '-atMs' }) : Promise.resolve(undefined)), [api, objectId, live.epoch]);
  const roots = detail.data?.healthTree.filter((n) => n.parentId === null) ?? [];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="diagram-view">
      {compact ? null : (
        <div className="toolbar" style={{ alignItems: 'flex-end' }}>
          <ObjectPicker value={picked} onChange={setPicked} label="Object" placeholder={detail.data?.displayName ?? 'Type a computer or object name…'} />
          {detail.data ? <Health state={detail.data.displayState} /> : null}
        </div>
      )}
      <ErrorBanner error={detail.error} onRetry={detail.reload} />
      {!objectId ? <Panel title="Health tree"><Empty>Pick an object to see its health tree.</Empty></Panel> : null}
      {detail.data ? (
        <Panel title={`Health of ${detail.data.displayName}`}>
          {roots.length === 0 ? <Empty>This object has no monitors yet.</Empty> : (
            <div className="diagram">{roots.map((root) => <TreeCard key={root.monitorId} node={root} all={detail.data!.healthTree} inMaintenance={detail.data!.inMaintenance} />)}</div>
          )}
        </Panel>
      ) : null}
      {!compact && changes.data ? (
        <Panel title="State changes">
          {changes.data.items.length === 0 ? <Empty>No state changes recorded.</Empty> : (
            <table className="data">
              <thead><tr><th>When</th><th>Monitor</th><th>From</th><th>To</th><th>Context</th></tr></thead>
              <tbody>
                {changes.data.items.map((c) => (
                  <tr key={c.id}>
                    <td>{formatTime(c.atMs)}</td><td>{c.monitorId}</td><td><Health state={c.fromState} /></td><td><Health state={c.toState} /></td>
                    <td title={JSON.stringify(c.context)}><code>{JSON.stringify(c.context)}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      ) : null}
    </div>
  );
}
