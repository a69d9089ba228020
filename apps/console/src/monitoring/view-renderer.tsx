// Shows a saved view by its kind (a registry, not a chain of ifs): the monitoring workspace and
// dashboards both render views through here.
import type { ReactNode } from 'react';
import type { ViewDef, ViewKind } from '../workspace/view-store.ts';
import { AlertView } from './alert-view.tsx';
import { StateView } from './state-view.tsx';
import { PerfView } from './perf-view.tsx';
import { DiagramView } from './diagram-view.tsx';
import { EventView } from './event-view.tsx';
import { TaskView } from './task-view.tsx';

interface RenderOptions { readonly compact: boolean; readonly objectId: string | undefined }
type Renderer<K extends ViewKind> = (view: Extract<ViewDef, { kind: K }>, options: RenderOptions) => ReactNode;

const RENDERERS: { readonly [K in ViewKind]: Renderer<K> } = {
  alert: (view, o) => <AlertView view={view} compact={o.compact} />,
  state: (view, o) => <StateView view={view} compact={o.compact} initialObject={o.objectId} />,
  perf: (view, o) => <PerfView view={view} compact={o.compact} initialObject={o.objectId} />,
  diagram: (view, o) => <DiagramView view={view} compact={o.compact} initialObject={o.objectId} />,
  event: (view, o) => <EventView view={view} compact={o.compact} />,
  task: (_view, o) => <TaskView compact={o.compact} initialObject={o.objectId} />,
};

export function ViewRenderer({ view, compact = false, objectId }: { readonly view: ViewDef; readonly compact?: boolean; readonly objectId?: string | undefined }) {
  const render = RENDERERS[view.kind] as Renderer<ViewKind>;
  // key: switching views resets their local filters.
  return <div key={`${view.id}:${objectId ?? ''}`} style={{ display: 'contents' }}>{render(view as never, { compact, objectId })}</div>;
}
