import { beforeAll, describe, expect, it } from 'vitest';
import { machineGraph } from '../../../src/dashboard/diagram/index.ts';
import { type Box, type DiagramLayout, type Point, layoutGraph } from '../../../src/dashboard/diagram/layout.ts';
import { createLifecycleMachine } from '../../../src/lifecycle/index.ts';
import { VirtualClock } from '../../../src/model/clock.ts';

const graph = machineGraph(createLifecycleMachine({ clock: new VirtualClock(0) }));
let layout: DiagramLayout;
let layoutMs = 0;

beforeAll(async () => {
  const t0 = performance.now();
  layout = await layoutGraph(graph);
  layoutMs = performance.now() - t0;
});

const EPS = 0.51; // coordinates are rounded to 0.1 px

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - EPS &&
  inner.y >= outer.y - EPS &&
  inner.x + inner.width <= outer.x + outer.width + EPS &&
  inner.y + inner.height <= outer.y + outer.height + EPS;

const overlap = (a: Box, b: Box): boolean =>
  a.x + EPS < b.x + b.width && b.x + EPS < a.x + a.width && a.y + EPS < b.y + b.height && b.y + EPS < a.y + a.height;

/** On the rectangle's outline: within EPS of it, not strictly inside. */
const onBorder = (p: Point, b: Box): boolean => {
  const within = p.x >= b.x - EPS && p.x <= b.x + b.width + EPS && p.y >= b.y - EPS && p.y <= b.y + b.height + EPS;
  const interior = p.x > b.x + EPS && p.x < b.x + b.width - EPS && p.y > b.y + EPS && p.y < b.y + b.height - EPS;
  return within && !interior;
};

describe('layoutGraph (the lifecycle machine)', () => {
  it('lays out every node of the graph, once, with a positive size', () => {
    expect(layout.nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id));
    for (const n of layout.nodes) {
      expect(n.width, n.id).toBeGreaterThan(0);
      expect(n.height, n.id).toBeGreaterThan(0);
    }
    expect(layoutMs).toBeLessThan(1500);
  });

  it('puts every child box inside its parent box, and top-level boxes on the canvas', () => {
    const canvas = { x: 0, y: 0, width: layout.width, height: layout.height };
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const n of layout.nodes) {
      const parent = n.parent === null ? canvas : byId.get(n.parent);
      expect(parent, n.id).toBeDefined();
      if (parent) expect(inside(n, parent), `${n.id} in ${n.parent}`).toBe(true);
    }
  });

  it('never overlaps two sibling boxes (parallel regions side by side)', () => {
    const pairs: string[] = [];
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a.id < b.id && a.parent === b.parent && overlap(a, b)) pairs.push(`${a.id} / ${b.id}`);
      }
    }
    expect(pairs).toEqual([]);
    const regions = layout.nodes.filter((n) => n.parent === 'infusing');
    expect(regions).toHaveLength(4);
  });

  it('routes every transition from its source’s outline to its target’s outline', () => {
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    expect(layout.edges.map((e) => e.id)).toEqual(graph.edges.map((e) => e.id));
    for (const e of layout.edges) {
      const source = byId.get(e.source);
      const target = byId.get(e.target);
      const first = e.points[0];
      const last = e.points.at(-1);
      expect(e.points.length, e.id).toBeGreaterThanOrEqual(2);
      if (!source || !target || !first || !last) throw new Error(`incomplete edge ${e.id}`);
      expect(onBorder(first, source), `${e.id} starts on ${e.source}`).toBe(true);
      expect(onBorder(last, target), `${e.id} ends on ${e.target}`).toBe(true);
      expect(e.labelBox, e.id).not.toBeNull();
      if (e.labelBox) expect(inside(e.labelBox, { x: 0, y: 0, width: layout.width, height: layout.height }), e.id).toBe(true);
    }
  });

  it('keeps every drawn point on the canvas', () => {
    const points = [...layout.edges.flatMap((e) => e.points), ...layout.initials.flatMap((i) => i.points)];
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(layout.width);
      expect(p.y).toBeLessThanOrEqual(layout.height);
    }
  });

  it('places an initial dot inside each initial state’s container, with an arrow ending on the state', () => {
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    const canvas = { x: 0, y: 0, width: layout.width, height: layout.height };
    expect(layout.initials.map((i) => i.target)).toEqual(graph.nodes.filter((n) => n.initial).map((n) => n.id));
    for (const marker of layout.initials) {
      const container = marker.parent === null ? canvas : byId.get(marker.parent);
      const target = byId.get(marker.target);
      const last = marker.points.at(-1);
      if (!container || !target || !last) throw new Error(`incomplete marker for ${marker.target}`);
      expect(inside(marker.dot, container), marker.target).toBe(true);
      expect(onBorder(last, target), marker.target).toBe(true);
      for (const sibling of layout.nodes.filter((n) => n.parent === marker.parent)) expect(overlap(marker.dot, sibling)).toBe(false);
    }
  });

  it('is deterministic: the same graph gives the same layout', async () => {
    expect(await layoutGraph(graph)).toEqual(layout);
  });
});
