import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { machineGraph } from '../../../src/dashboard/diagram/index.ts';
import { allLeafStates, createLifecycleMachine } from '../../../src/lifecycle/index.ts';
import { VirtualClock } from '../../../src/model/clock.ts';

const machine = createLifecycleMachine({ clock: new VirtualClock(0) });
const graph = machineGraph(machine);

interface StateWalk {
  key: string;
  states: Record<string, StateWalk>;
}

/** Resolve a dotted id by walking `.states` from the root, independently of the graph's own code. */
function resolve(id: string): StateWalk | undefined {
  let node: StateWalk | undefined = machine.root;
  for (const key of id.split('.')) node = node?.states[key];
  return node;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function guardOf(t: unknown): string | undefined {
  if (!isRecord(t)) return undefined;
  if (typeof t.guard === 'string') return t.guard;
  return isRecord(t.guard) && typeof t.guard.type === 'string' ? t.guard.type : undefined;
}

function targetsOf(t: unknown): string[] {
  if (typeof t === 'string') return [t];
  if (!isRecord(t)) return [];
  if (typeof t.target === 'string') return [t.target];
  return Array.isArray(t.target) ? t.target.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The oracle: every targeted transition read from the raw `machine.config` object, its targets
 * resolved by XState's rules (`#pump.a.b` by id, a bare key as a sibling), as `source -> target : label`.
 */
function transitionsFromConfig(): string[] {
  const out: string[] = [];
  const walk = (config: Record<string, unknown>, path: string[]): void => {
    const states = isRecord(config.states) ? config.states : {};
    for (const [key, child] of Object.entries(states)) {
      if (!isRecord(child)) continue;
      const source = [...path, key].join('.');
      const add = (label: (t: unknown) => string, spec: unknown): void => {
        for (const t of Array.isArray(spec) ? spec : [spec]) {
          for (const target of targetsOf(t)) {
            const resolved = target.startsWith('#pump.') ? target.slice('#pump.'.length) : [...path, target].join('.');
            out.push(`${source} -> ${resolved} : ${label(t)}`);
          }
        }
      };
      for (const [event, spec] of Object.entries(isRecord(child.on) ? child.on : {})) add(() => event, spec);
      for (const [delay, spec] of Object.entries(isRecord(child.after) ? child.after : {})) add(() => `after ${delay}`, spec);
      if (child.always !== undefined) add((t) => (guardOf(t) ? `always [${guardOf(t)}]` : 'always'), child.always);
      walk(child, [...path, key]);
    }
  };
  walk(machine.config as Record<string, unknown>, []);
  return out.sort();
}

describe('machineGraph (the lifecycle machine)', () => {
  it('has every observable leaf state of allLeafStates() as a node with the same id', () => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    const leaves = allLeafStates(machine.root as never);
    expect(leaves.length).toBeGreaterThan(10);
    expect(leaves.filter((id) => !ids.has(id))).toEqual([]);
    // Whatever is not an observable leaf is a container or a routing state.
    const containers = new Set(graph.nodes.map((n) => n.parent));
    const rest = graph.nodes.filter((n) => !leaves.includes(n.id) && !containers.has(n.id));
    expect(rest.map((n) => n.key)).toEqual(['route', 'route', 'route', 'route']);
    expect(rest.every((n) => n.transient === true)).toBe(true);
    expect(graph.nodes.filter((n) => n.transient).length).toBe(4);
  });

  it('every node id resolves in the machine, with the same key and type, under its parent', () => {
    for (const n of graph.nodes) {
      const node = resolve(n.id);
      expect(node?.key, n.id).toBe(n.key);
      expect(machine.getStateNodeById(`pump.${n.id}`).type).toBe(n.type);
      expect(n.parent).toBe(n.id.includes('.') ? n.id.slice(0, n.id.lastIndexOf('.')) : null);
    }
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(graph.nodes.length);
    expect(graph.nodes.find((n) => n.id === 'infusing')?.type).toBe('parallel');
    expect(graph.nodes.find((n) => n.id === 'refilling')?.type).toBe('compound');
  });

  it('has exactly the targeted transitions of the raw config, one edge per target', () => {
    const fromConfig = transitionsFromConfig();
    expect(graph.edges.length).toBe(fromConfig.length);
    expect(graph.edges.map((e) => `${e.source} -> ${e.target} : ${e.label}`).sort()).toEqual(fromConfig);
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
  });

  it('has transitions read off machine.ts by hand, with their labels and guards', () => {
    const find = (source: string, target: string, label: string) =>
      graph.edges.find((e) => e.source === source && e.target === target && e.label === label);
    expect(find('empty', 'filling', 'FILL')).toMatchObject({ kind: 'event', guard: 'canFill' });
    expect(find('refilling.drained', 'filling', 'FILL')).toMatchObject({ guard: 'canFill' });
    expect(find('filling', 'infusing', 'after procedureDone')).toMatchObject({ kind: 'after' });
    expect(find('infusing.reservoir.tapering', 'depleted', 'after untilDry')).toBeDefined();
    expect(find('infusing.reservoir.route', 'depleted', 'always [isDryNow]')).toMatchObject({ kind: 'always', guard: 'isDryNow' });
    expect(find('infusing.device.route', 'infusing.device.ok', 'always')).toMatchObject({ kind: 'always' });
    expect(find('infusing.device.route', 'infusing.device.ok', 'always')?.guard).toBeUndefined();
    // The root's FILL/DRAIN/BOLUS refusals have no target: not transitions between states.
    expect(graph.edges.filter((e) => e.label === 'BOLUS')).toHaveLength(1);
  });

  it('marks each compound state’s initial child, and no region of the parallel state', () => {
    const initial = graph.nodes.filter((n) => n.initial).map((n) => n.id);
    expect(initial).toEqual([
      'empty',
      'infusing.reservoir.route',
      'infusing.phase.route',
      'infusing.sidePort.route',
      'infusing.device.route',
      'refilling.draining',
    ]);
  });

  it('is plain data: survives a JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });
});

describe('machineGraph (labels of other transition shapes)', () => {
  const other = createMachine({
    id: 'x',
    initial: 'a',
    states: {
      a: {
        after: { 500: 'b' },
        on: {
          GO: [
            { guard: { type: 'isReady' }, target: 'b' },
            {
              guard: function inline() {
                return true;
              },
              target: 'c',
            },
            { actions: [] },
          ],
        },
      },
      b: { always: { target: 'c' }, on: { BACK: { target: ['a'] } } },
      c: { type: 'final' },
    },
  });

  it('names numeric delays, object and function guards, and drops targetless transitions', () => {
    const g = machineGraph(other);
    expect(g.edges.map((e) => [e.source, e.target, e.label, e.guard ?? null])).toEqual([
      ['a', 'b', 'GO', 'isReady'],
      ['a', 'c', 'GO', 'inline'],
      ['a', 'b', 'after 500ms', null],
      ['b', 'a', 'BACK', null],
      ['b', 'c', 'always', null],
    ]);
    expect(g.nodes.map((n) => [n.id, n.type, n.initial])).toEqual([
      ['a', 'atomic', true],
      ['b', 'atomic', false],
      ['c', 'final', false],
    ]);
  });
});
