import { createMachine } from 'xstate';
import { beforeAll, describe, expect, it } from 'vitest';
import { machineGraph } from '../../../src/dashboard/diagram/index.ts';
import { type DiagramLayout, layoutGraph } from '../../../src/dashboard/diagram/layout.ts';
import { diagramSvg } from '../../../src/dashboard/diagram/svg.ts';
import { createLifecycleMachine } from '../../../src/lifecycle/index.ts';
import { VirtualClock } from '../../../src/model/clock.ts';
import { xmlProblems } from './wellformed.ts';

const graph = machineGraph(createLifecycleMachine({ clock: new VirtualClock(0) }));
let layout: DiagramLayout;
let svg = '';

beforeAll(async () => {
  layout = await layoutGraph(graph);
  svg = diagramSvg(layout);
});

/** The opening tag of the element carrying `data-state="<id>"`. */
function stateTag(id: string): string {
  const m = svg.match(new RegExp(`<g [^>]*data-state="${id.replace(/\./g, '\\.')}"[^>]*>`));
  return m?.[0] ?? '';
}

const classesOf = (tag: string): string[] => (tag.match(/class="([^"]*)"/)?.[1] ?? '').split(' ');

describe('diagramSvg (the lifecycle machine)', () => {
  it('is one well-formed SVG document', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg>a & b</svg>')).not.toEqual([]);
  });

  it('has one data-state element per node, with the node ids', () => {
    const ids = [...svg.matchAll(/data-state="([^"]*)"/g)].map((m) => m[1]);
    expect(ids).toEqual(graph.nodes.map((n) => n.id));
    for (const n of graph.nodes) {
      const classes = classesOf(stateTag(n.id));
      expect(classes.slice(0, 2), n.id).toEqual(['state', `state-${n.type}`]);
      expect(classes.includes('initial'), n.id).toBe(n.initial);
    }
  });

  it('has one transition path per edge, with its source and target', () => {
    const paths = [...svg.matchAll(/<path class="transition" data-source="([^"]*)" data-target="([^"]*)"/g)].map(
      (m) => `${m[1]} -> ${m[2]}`,
    );
    expect(paths).toEqual(graph.edges.map((e) => `${e.source} -> ${e.target}`));
    expect(svg.match(/marker-end="url\(#haipump-diagram-arrow\)"/g)?.length).toBe(graph.edges.length + layout.initials.length);
    expect(svg).toContain('<marker id="haipump-diagram-arrow"');
    expect(svg).toContain('>FILL [canFill]</text>');
    expect(svg).toContain('>always [isDryNow]</text>');
  });

  it('draws parallel regions dashed, routing states small, and initial dots', () => {
    expect(classesOf(stateTag('infusing'))).toContain('container');
    for (const region of ['reservoir', 'phase', 'sidePort', 'device'])
      expect(classesOf(stateTag(`infusing.${region}`))).toContain('region');
    expect(classesOf(stateTag('refilling'))).not.toContain('region');
    expect(classesOf(stateTag('infusing.device.route'))).toContain('transient');
    expect(svg).toMatch(/\.state\.region > rect \{[^}]*stroke-dasharray/);
    expect(svg.match(/<g class="initial-marker"/g)).toHaveLength(graph.nodes.filter((n) => n.initial).length);
  });

  it('styles .active in its own <style>, and needs nothing from outside', () => {
    const style = svg.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    expect(style).toMatch(/\.state\.active > rect \{[^}]*fill:/);
    expect(style).toContain('.transition.active');
    expect(svg).not.toMatch(/@import|@font-face|href=|url\((?!#)/);
    expect(svg.replace('http://www.w3.org/2000/svg', '')).not.toContain('http');
  });

  it('is deterministic', async () => {
    expect(diagramSvg(layout)).toBe(svg);
    expect(diagramSvg(await layoutGraph(graph))).toBe(svg);
  });
});

describe('diagramSvg (escaping)', () => {
  it('escapes state keys and event names in text and attributes', async () => {
    const odd = createMachine({
      id: 'odd',
      initial: 'a<b',
      states: { 'a<b': { on: { 'GO&"STOP"': { target: "c'd>" } } }, "c'd>": {} },
    });
    const out = diagramSvg(await layoutGraph(machineGraph(odd)));
    expect(xmlProblems(out)).toEqual([]);
    expect(out).toContain('data-state="a&lt;b"');
    expect(out).toContain('data-state="c&apos;d&gt;"');
    expect(out).toContain('>GO&amp;&quot;STOP&quot;</text>');
    expect(out).not.toContain('a<b');
  });
});
