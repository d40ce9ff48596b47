/** Naming and listing the machine's states: for timelines, coverage checks and tests. */

/** Transient routing states: entered and left in the same step, never observable. */
const TRANSIENT = new Set(['route']);

/** Leaf state paths of a snapshot value, e.g. `infusing.reservoir.low`, `refilling.drained`. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, prefix ? `${prefix}.${key}` : key));
}

interface StateNodeLike {
  key: string;
  states: Record<string, StateNodeLike>;
}

/** Every observable leaf state of a machine (from its definition, not from a run). */
export function allLeafStates(root: StateNodeLike, prefix = ''): string[] {
  return Object.values(root.states).flatMap((node) => {
    if (TRANSIENT.has(node.key)) return [];
    const path = prefix ? `${prefix}.${node.key}` : node.key;
    const children = Object.keys(node.states);
    return children.length === 0 ? [path] : allLeafStates(node, path);
  });
}

/** Short form for humans: `infusing[drug,low,idle,ok]`. */
export function shortState(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'infusing' in value) {
    const inner = (value as { infusing: Record<string, unknown> }).infusing;
    const parts = ['phase', 'reservoir', 'sidePort', 'device'].map((k) => String(inner[k] ?? '?'));
    return `infusing[${parts.join(',')}]`;
  }
  return leafPaths(value).join(',');
}
