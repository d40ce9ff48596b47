/**
 * Runs a spec through vega-lite and vega as the browser would (renderer 'none'), so the tests
 * check what is drawn: the fitted scale domains and where the marks land, not the spec's own text.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expect, vi } from 'vitest';
import type { MassSample } from '../../../src/accuracy/types.ts';

export interface Scale {
  domain(): number[];
  invert(px: number): number;
}

/** The parts of vega's scenegraph the tests read (its published typings lack `root`). */
export interface SceneNode {
  marktype?: string;
  role?: string;
  name?: string;
  items?: SceneNode[];
  x?: number;
  x2?: number;
  y?: number;
  width?: number;
  datum?: Record<string, unknown>;
}

export interface RenderedChart {
  scale(name: 'x' | 'y'): Scale;
  /** The items of the mark vega-lite named `<layer name>_marks`. */
  items(layerName: string): SceneNode[];
}

/** Compiles and runs `spec`; fails the test on any vega-lite warning (conflicting scales, legends, ...). */
export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  let view: vega.View;
  try {
    view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    await view.runAsync();
    expect(warn.mock.calls).toEqual([]);
  } finally {
    warn.mockRestore();
  }
  const root = (view.scenegraph() as unknown as { root: SceneNode }).root;
  const marks: SceneNode[] = [];
  const walk = (node: SceneNode): void => {
    if (node.role === 'mark' || node.role === 'scope') marks.push(node);
    for (const child of node.items ?? []) walk(child);
  };
  walk(root);
  return {
    scale: (name) => view.scale(name) as Scale,
    items: (layerName) => marks.filter((m) => m.name === `${layerName}_marks`).flatMap((m) => m.items ?? []),
  };
}

/** The data a layer embeds, by its name. */
export function layerValues(spec: TopLevelSpec, name: string): Record<string, unknown>[] {
  const layers = 'layer' in spec ? spec.layer : [];
  const layer = layers.find((l) => 'name' in l && l.name === name);
  const data = layer !== undefined && 'data' in layer ? layer.data : undefined;
  if (data === undefined || data === null || !('values' in data) || !Array.isArray(data.values))
    throw new Error(`no layer ${name} with values`);
  return data.values as Record<string, unknown>[];
}

/**
 * A run at exactly `rateMlPerH` of water-like liquid (1 g/mL), one sample every `intervalS` for
 * `minutes`: every interval's flow is the set rate, whatever the code computes.
 */
export function steadyRun(minutes: number, rateMlPerH = 1, intervalS = 30): MassSample[] {
  const samples: MassSample[] = [];
  for (let atS = 0; atS <= minutes * 60; atS += intervalS) samples.push({ atS, massG: (rateMlPerH * atS) / 3600 });
  return samples;
}

/**
 * Well-formed enough for an SVG file: every tag closes in order, attribute values are quoted, and
 * text holds no raw `<` or `&`.
 */
export function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(svg); match !== null; match = tag.exec(svg)) {
    const between = svg.slice(last, match.index);
    expect(between, `stray markup before ${match[0]}`).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;|#\d+;|#x[\da-fA-F]+;)/);
    last = tag.lastIndex;
    const [, closing, name = '', , selfClosing] = match;
    if (selfClosing === '/') continue;
    if (closing === '/') expect(stack.pop(), `</${name}>`).toBe(name);
    else stack.push(name);
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}
