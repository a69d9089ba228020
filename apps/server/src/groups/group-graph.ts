// The nesting graph of groups (group -> groups it includes): cycle detection, the order in which
// nested memberships are computed (included groups first), and the groups a change affects.

export type IncludeGraph = ReadonlyMap<string, readonly string[]>;

/** A path `from -> ... -> from` if `from` can reach itself, else undefined. */
export function findCycle(graph: IncludeGraph, from: string): string[] | undefined {
  const stack: Array<{ id: string; path: string[] }> = (graph.get(from) ?? []).map((id) => ({ id, path: [from, id] }));
  const seen = new Set<string>();
  while (stack.length > 0) {
    const { id, path } = stack.pop()!;
    if (id === from) return path;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of graph.get(id) ?? []) stack.push({ id: next, path: [...path, next] });
  }
  return undefined;
}

/** `ids` in an order where every group comes after the groups it includes; groups on a cycle are left out. */
export function includedFirst(graph: IncludeGraph, ids: Iterable<string>): { order: string[]; cyclic: string[] } {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'cyclic'>();
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 'done') return true;
    if (s === 'visiting' || s === 'cyclic') {
      state.set(id, 'cyclic');
      return false;
    }
    state.set(id, 'visiting');
    let ok = true;
    for (const child of graph.get(id) ?? []) ok = visit(child) && ok;
    if (!ok) {
      state.set(id, 'cyclic');
      return false;
    }
    state.set(id, 'done');
    order.push(id);
    return true;
  };
  for (const id of ids) visit(id);
  return { order, cyclic: [...state].filter(([, s]) => s === 'cyclic').map(([id]) => id) };
}

/** `ids` and every group that includes one of them, transitively. */
export function withIncluders(graph: IncludeGraph, ids: Iterable<string>): Set<string> {
  const includers = new Map<string, string[]>();
  for (const [group, included] of graph) for (const id of included) includers.set(id, [...(includers.get(id) ?? []), group]);
  return closure(includers, ids);
}

/** `ids` and every group they include, transitively. */
export function withIncluded(graph: IncludeGraph, ids: Iterable<string>): Set<string> {
  return closure(graph, ids);
}

function closure(edges: ReadonlyMap<string, readonly string[]>, ids: Iterable<string>): Set<string> {
  const found = new Set<string>(ids);
  const stack = [...found];
  while (stack.length > 0) {
    for (const next of edges.get(stack.pop()!) ?? []) {
      if (found.has(next)) continue;
      found.add(next);
      stack.push(next);
    }
  }
  return found;
}
