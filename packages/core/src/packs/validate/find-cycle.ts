// Cycle detection over "points at" edges (class -> base class, group -> included group, monitor ->
// parent aggregate). Each node has any number of outgoing edges.

/**
 * Returns one cycle as the list of nodes in order, starting and ending at the same node
 * (`[A, B, A]`), or undefined when the graph is acyclic. Only nodes in `nodes` are started from,
 * but edges may lead outside them.
 */
export function findCycle(nodes: Iterable<string>, edgesOf: (node: string) => readonly string[]): string[] | undefined {
  const done = new Set<string>();
  const onStack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const position = onStack.indexOf(node);
    if (position >= 0) return [...onStack.slice(position), node];
    if (done.has(node)) return undefined;
    onStack.push(node);
    for (const next of edgesOf(node)) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    onStack.pop();
    done.add(node);
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}
