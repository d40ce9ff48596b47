import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis.ts';
import { COLORS, chartSpec, DASHES, type Encoding, type Layer, legendChannels, periodText, rateText } from './frame.ts';
import type { ChartMeta } from './meta.ts';

const EP_MAX = 'Ep(max)';
const EP_MIN = 'Ep(min)';
/** For a trumpet plot "nominal" is zero error: the set rate delivered exactly. */
const ZERO = 'zero error (nominal)';

/**
 * Trumpet curve: x is the observation window length P (min), not time. The maximum and minimum
 * window errors fan out at short windows and close towards the overall error A at long ones. The
 * analysis period has no place on this x axis, so it goes into the subtitle.
 */
export function trumpetSpec(
  analysis: Pick<Analysis, 'windows' | 'overallErrorPct' | 'rateMlPerH' | 'period'>,
  meta: ChartMeta,
): TopLevelSpec {
  const a = analysis.overallErrorPct;
  const overallLabel = `overall error A = ${a.toFixed(2)} %`;
  const legend = [
    { label: EP_MAX, color: COLORS.epMax, dash: DASHES.solid },
    { label: EP_MIN, color: COLORS.epMin, dash: DASHES.solid },
    { label: overallLabel, color: COLORS.nominal, dash: DASHES.nominal },
    { label: ZERO, color: COLORS.zero, dash: DASHES.zero },
  ];
  // A window longer than the period has no error to plot (±Infinity from an empty max/min).
  const values = analysis.windows.flatMap((w) =>
    [
      { windowMin: w.minutes, series: EP_MAX, errorPct: w.epMaxPct },
      { windowMin: w.minutes, series: EP_MIN, errorPct: w.epMinPct },
    ].filter((row) => Number.isFinite(row.windowMin) && Number.isFinite(row.errorPct)),
  );
  const windowsMin = [...new Set(values.map((row) => row.windowMin))].sort((x, y) => x - y);
  const x: Encoding['x'] = {
    field: 'windowMin',
    type: 'quantitative',
    title: 'observation window P (min)',
    scale: { domain: [0, Math.max(...windowsMin, 1) + 1], nice: false },
    axis: { values: [0, ...windowsMin] },
  };
  const errorY: Encoding['y'] = { field: 'errorPct', type: 'quantitative', title: 'flow error (%)' };
  const seriesEncoding: Encoding = { x, y: errorY, ...legendChannels(legend, { field: 'series' }) };
  const rule = (name: string, errorPct: number, label: string): Layer => ({
    name,
    data: { values: [{ errorPct }] },
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: { y: errorY, ...legendChannels(legend, { datum: label }), description: { value: label } },
  });
  return chartSpec({
    kind: 'trumpet',
    title: `Trumpet curve, set rate ${rateText(analysis.rateMlPerH)}`,
    meta,
    moreSubtitle: [`analysis period ${periodText(analysis.period)}`],
    rateMlPerH: analysis.rateMlPerH,
    period: analysis.period,
    layer: [
      rule('nominal', 0, ZERO),
      rule('overall_error', a, overallLabel),
      // One line per series, the colour and dash from the series field on the legend's scales; then
      // a dot per window, named apart so the page and the tests can count them.
      { name: 'windows', data: { values }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: seriesEncoding },
      { name: 'window_points', data: { values }, mark: { type: 'point', filled: true, size: 36, opacity: 1 }, encoding: seriesEncoding },
    ],
  });
}
