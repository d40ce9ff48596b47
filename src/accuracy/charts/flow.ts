import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis.ts';
import { rateText } from './frame.ts';
import { flowVsTimeSpec } from './flow-time.ts';
import type { ChartMeta } from './meta.ts';

/** Flow vs time over the whole run: every interval, each plotted at its end. */
export function flowSpec(analysis: Pick<Analysis, 'flowSeries' | 'rateMlPerH' | 'period'>, meta: ChartMeta): TopLevelSpec {
  return flowVsTimeSpec({
    kind: 'flow',
    title: `Flow vs time, set rate ${rateText(analysis.rateMlPerH)}`,
    points: analysis.flowSeries.map((f) => ({ atMin: f.toS / 60, flowMlPerH: f.flowMlPerH })),
    rateMlPerH: analysis.rateMlPerH,
    period: analysis.period,
    meta,
  });
}
