/**
 * The lifecycle machine as a plain graph of states and transitions, read from the machine's
 * state nodes (not from a run), so the drawing can never drift from the definition.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export type StateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface DiagramNode {
  /** Dotted path from the root, the same form as `leafPaths()`: `infusing.reservoir.low`. */
  id: string;
  key: string;
  type: StateType;
  parent: string | null;
  /** The parent's initial state (a parallel state's regions are all entered, none is marked). */
  initial: boolean;
  /** A routing state left in the same step it is entered: drawn small, never observable. */
  transient?: true;
}

export type TransitionKind = 'event' | 'after' | 'always';

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  /** The event type, `after <delay>` for a delayed transition, `always [guard]` for an eventless one. */
  label: string;
  kind: TransitionKind;
  guard?: string;
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/** The same set `src/lifecycle/states.ts` leaves out of the observable states. */
const TRANSIENT_KEYS = new Set(['route']);

const pathOf = (node: AnyStateNode): string => node.path.join('.');

function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  // Inline guards and the `not()` / `and()` combinators are functions; their name is the best we have.
  if (typeof guard === 'function') return guard.name || 'guard';
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') return guard.type;
  return 'guard';
}

function delayName(delay: unknown): string {
  if (typeof delay === 'string') return delay;
  if (typeof delay === 'number') return `${delay}ms`;
  return '(computed)';
}

interface RawTransition {
  label: string;
  kind: TransitionKind;
  guard: string | undefined;
  targets: readonly AnyStateNode[];
}

function transitionsOf(node: AnyStateNode): RawTransition[] {
  // Delayed transitions live in `transitions` under a generated event type; `after` maps it back to the delay.
  const delays = new Map<string, unknown>(node.after.map((t) => [String(t.eventType), t.delay]));
  const raw: RawTransition[] = [];
  for (const [eventType, definitions] of node.transitions) {
    for (const t of definitions) {
      const guard = guardName(t.guard);
      const delayed = delays.has(eventType);
      const label = delayed ? `after ${delayName(delays.get(eventType))}` : eventType;
      raw.push({ label, kind: delayed ? 'after' : 'event', guard, targets: t.target ?? [] });
    }
  }
  for (const t of node.always ?? []) {
    const guard = guardName(t.guard);
    raw.push({ label: guard ? `always [${guard}]` : 'always', kind: 'always', guard, targets: t.target ?? [] });
  }
  return raw;
}

/**
 * Every state below the root as a node, every transition with a target as one edge per target.
 * Targetless transitions (actions only, e.g. the root's refusal logging) change no state, so they
 * are not edges; the root is the drawing itself, not a node.
 */
export function machineGraph(machine: AnyStateMachine): DiagramGraph {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const seen = new Map<string, number>();

  const visit = (node: AnyStateNode, parent: AnyStateNode | null): void => {
    if (parent !== null) {
      const id = pathOf(node);
      const initialTargets = parent.initial?.target ?? [];
      nodes.push({
        id,
        key: node.key,
        type: node.type,
        parent: parent === machine.root ? null : pathOf(parent),
        initial: parent.type === 'compound' && initialTargets.includes(node),
        ...(TRANSIENT_KEYS.has(node.key) ? { transient: true as const } : {}),
      });
      for (const t of transitionsOf(node)) {
        for (const target of t.targets) {
          const base = `${id} -> ${pathOf(target)} : ${t.label}${t.guard && t.kind !== 'always' ? ` [${t.guard}]` : ''}`;
          const n = seen.get(base) ?? 0;
          seen.set(base, n + 1);
          edges.push({
            id: n === 0 ? base : `${base} #${n + 1}`,
            source: id,
            target: pathOf(target),
            label: t.label,
            kind: t.kind,
            ...(t.guard ? { guard: t.guard } : {}),
          });
        }
      }
    }
    for (const child of Object.values(node.states)) visit(child, node);
  };
  visit(machine.root, null);
  return { nodes, edges };
}
