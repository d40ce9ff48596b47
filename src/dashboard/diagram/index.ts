/**
 * The lifecycle machine's state diagram as SVG, for the dashboard to inline and light up by
 * `[data-state="<id>"]` as a simulation runs. Ids are `leafPaths()` paths (`infusing.reservoir.low`).
 */
import { createLifecycleMachine } from '../../lifecycle/index.ts';
import { VirtualClock } from '../../model/clock.ts';
import { machineGraph } from './graph.ts';
import { layoutGraph } from './layout.ts';
import { diagramSvg } from './svg.ts';

export { machineGraph } from './graph.ts';
// DiagramNode and DiagramEdge live in graph.ts; re-export them here once the dashboard uses them (knip).
export type { DiagramGraph } from './graph.ts';

let cached: Promise<string> | null = null;

/** Built once per process: the machine definition never changes, and ELK takes tens of milliseconds. */
export function lifecycleDiagramSvg(): Promise<string> {
  if (cached === null) {
    // The clock is only read by guards and delays while an actor runs; drawing runs none.
    const machine = createLifecycleMachine({ clock: new VirtualClock(0) });
    cached = layoutGraph(machineGraph(machine)).then(diagramSvg);
    // A failed layout should not stay cached for the life of the server.
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}
