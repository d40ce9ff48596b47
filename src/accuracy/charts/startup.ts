import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis.ts';
import { rateText } from './frame.ts';
import { flowVsTimeSpec } from './flow-time.ts';
import type { ChartMeta } from './meta.ts';

/** Start-up curve: flow Q_i vs time from the first sample to the start-up end (two hours at most). */
export function startupSpec(analysis: Pick<Analysis, 'startupCurve' | 'rateMlPerH' | 'period'>, meta: ChartMeta): TopLevelSpec {
  return flowVsTimeSpec({
    kind: 'startup',
    title: `Start-up curve, set rate ${rateText(analysis.rateMlPerH)}`,
    points: analysis.startupCurve,
    rateMlPerH: analysis.rateMlPerH,
    period: analysis.period,
    meta,
  });
}
