import type { TopLevelSpec } from 'vega-lite';
import { COLORS, type ChartKind, chartSpec, DASHES, type Encoding, legendChannels, rateText } from './frame.ts';
import type { ChartMeta } from './meta.ts';
import { periodLayers } from './period-layer.ts';
import { timeAxisEndMin, timeX } from './time-axis.ts';

interface FlowPoint {
  /** the end of the interval the flow was measured over (min) */
  atMin: number;
  flowMlPerH: number;
}

/**
 * Flow vs time with the set rate as a dashed rule and the analysis period shaded: the start-up
 * curve and the whole-run flow are this one chart over different spans.
 */
export function flowVsTimeSpec(options: {
  kind: Extract<ChartKind, 'startup' | 'flow'>;
  title: string;
  points: readonly FlowPoint[];
  rateMlPerH: number;
  period: { startMin: number; endMin: number };
  meta: ChartMeta;
}): TopLevelSpec {
  // NaN and ±Infinity have no JSON form and no place on an axis.
  const values = options.points
    .filter((p) => Number.isFinite(p.atMin) && Number.isFinite(p.flowMlPerH))
    .map((p) => ({ atMin: p.atMin, flowMlPerH: p.flowMlPerH }));
  const xMaxMin = timeAxisEndMin(
    values.map((p) => p.atMin),
    options.period.endMin,
  );
  const nominalLabel = `set rate ${rateText(options.rateMlPerH)}`;
  const legend = [
    { label: 'flow Q_i', color: COLORS.flow, dash: DASHES.solid },
    { label: nominalLabel, color: COLORS.nominal, dash: DASHES.nominal },
  ];
  const flowY: Encoding['y'] = { field: 'flowMlPerH', type: 'quantitative', title: 'flow (mL/h)' };
  return chartSpec({
    kind: options.kind,
    title: options.title,
    meta: options.meta,
    rateMlPerH: options.rateMlPerH,
    period: options.period,
    layer: [
      ...periodLayers(options.period, xMaxMin),
      {
        name: 'flow',
        data: { values },
        mark: { type: 'line', strokeWidth: 1.5, clip: true },
        encoding: { x: timeX('atMin', xMaxMin), y: flowY, ...legendChannels(legend, { datum: 'flow Q_i' }) },
      },
      {
        name: 'nominal',
        data: { values: [{ rateMlPerH: options.rateMlPerH }] },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          y: { field: 'rateMlPerH', type: 'quantitative', title: 'flow (mL/h)' },
          ...legendChannels(legend, { datum: nominalLabel }),
          description: { value: nominalLabel },
        },
      },
    ],
  });
}
