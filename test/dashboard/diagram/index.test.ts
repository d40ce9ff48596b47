import { describe, expect, it } from 'vitest';
import { type DiagramGraph, lifecycleDiagramSvg, machineGraph } from '../../../src/dashboard/diagram/index.ts';
import { layoutGraph } from '../../../src/dashboard/diagram/layout.ts';
import { diagramSvg } from '../../../src/dashboard/diagram/svg.ts';
import { createLifecycleMachine } from '../../../src/lifecycle/index.ts';
import { VirtualClock } from '../../../src/model/clock.ts';

describe('lifecycleDiagramSvg', () => {
  it('is the lifecycle machine through graph, layout and svg, built once per process', async () => {
    const first = lifecycleDiagramSvg();
    expect(lifecycleDiagramSvg()).toBe(first);
    const graph: DiagramGraph = machineGraph(createLifecycleMachine({ clock: new VirtualClock(123) }));
    expect(await first).toBe(diagramSvg(await layoutGraph(graph)));
    expect((await first).match(/data-state="/g)).toHaveLength(graph.nodes.length);
  });
});
