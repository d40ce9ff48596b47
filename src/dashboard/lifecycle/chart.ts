/**
 * Reservoir volume and flow over virtual days, with fills, drains, boluses, fevers, flights and
 * alarms marked: a Vega-Lite spec the page renders as it is, like every other chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { NonNormalizedSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { LifecycleView } from './session.ts';

const WIDTH = 900;
const PANEL_HEIGHT = 150;

export function lifecycleChartSpec(view: LifecycleView): TopLevelSpec | null {
  if (view.points.length === 0) return null;
  const marks = view.marks.map((m) => ({ day: m.day, kind: m.kind, label: m.label }));
  const domain = [0, Math.max(view.day, 1e-6)];
  const panel = (field: 'volumeMl' | 'flowMlPerDay', title: string): NonNormalizedSpec => ({
    width: WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        data: { values: view.points },
        mark: { type: 'line', interpolate: 'step-after', color: '#1c63b7' },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'virtual day', scale: { domain } },
          y: { field, type: 'quantitative', title },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeDash: [3, 3], opacity: 0.7 },
        encoding: {
          x: { field: 'day', type: 'quantitative', scale: { domain } },
          color: { field: 'kind', type: 'nominal', title: 'event' },
          tooltip: [
            { field: 'day', type: 'quantitative', format: '.2f' },
            { field: 'label', type: 'nominal' },
          ],
        },
      },
    ],
  });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${view.scenario}: reservoir and flow`,
      subtitle: `profile ${view.profile} · ${view.source} · speed ${view.speed} · model values are estimates [E]`,
    },
    usermeta: { haipump: { kind: 'lifecycle', key: view.key, points: view.points.length } },
    vconcat: [panel('volumeMl', 'reservoir (mL)'), panel('flowMlPerDay', 'flow (mL/day)')],
  };
  return spec;
}
