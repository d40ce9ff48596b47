import type { TopLevelSpec } from 'vega-lite';
import type { BoardPump } from './board.ts';

const WIDTH_PX = 260;
const HEIGHT_PX = 90;
const FLOW_TITLE = 'mL/day';

/**
 * A small Vega-Lite chart of a pump's measured flow per drain (points and line) against the flow
 * predicted for each fill (dashed). Only the spec is built here (a type-only import): the page
 * renders it, so the server carries no chart runtime. The x axis places each drain by its
 * instant; the tooltip gives the time as the board shows it, in the board's zone.
 */
export function flowHistorySpec(pump: BoardPump): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${pump.pumpId}: measured vs predicted flow`,
    width: WIDTH_PX,
    height: HEIGHT_PX,
    data: { values: pump.flowHistory },
    encoding: {
      x: { field: 'atMs', type: 'temporal', title: null, axis: { format: '%b %d', labelAngle: 0, tickCount: 4 } },
      tooltip: [
        { field: 'at', type: 'nominal', title: 'drained' },
        { field: 'measuredFlowMlPerDay', type: 'quantitative', title: 'measured, mL/day', format: '.3f' },
        { field: 'predictedFlowMlPerDay', type: 'quantitative', title: 'predicted, mL/day', format: '.3f' },
        { field: 'reachedTaper', type: 'nominal', title: 'reached taper (lower bound)' },
      ],
    },
    layer: [
      {
        mark: { type: 'line', strokeDash: [4, 3] },
        encoding: {
          y: { field: 'predictedFlowMlPerDay', type: 'quantitative', title: FLOW_TITLE, scale: { zero: false } },
          color: { datum: 'predicted' },
        },
      },
      {
        mark: { type: 'line', point: true },
        encoding: {
          y: { field: 'measuredFlowMlPerDay', type: 'quantitative', title: FLOW_TITLE, scale: { zero: false } },
          color: { datum: 'measured' },
        },
      },
    ],
    config: { legend: { title: null, orient: 'bottom' } },
  };
}
