import { COLORS, type Layer } from './frame.ts';
import { timeX } from './time-axis.ts';

const PERIOD_LABEL = 'analysis period';

/**
 * The analysis period as a light band behind the flow, named at its foot. The band uses the
 * chart's time axis (`timeX`), so it shares the fitted domain instead of widening it; both marks
 * clip, so a period reaching past the plotted data stops at the axis end.
 */
export function periodLayers(period: { startMin: number; endMin: number }, xMaxMin: number): Layer[] {
  const shownStartMin = Math.max(0, Math.min(period.startMin, xMaxMin));
  const shownEndMin = Math.max(0, Math.min(period.endMin, xMaxMin));
  const label = { midMin: (shownStartMin + shownEndMin) / 2, text: PERIOD_LABEL };
  return [
    {
      name: 'period',
      data: { values: [{ startMin: period.startMin, endMin: period.endMin }] },
      mark: { type: 'rect', clip: true, color: COLORS.period, opacity: 0.7 },
      encoding: {
        x: timeX('startMin', xMaxMin),
        x2: { field: 'endMin' },
        description: { value: `${PERIOD_LABEL} ${period.startMin}–${period.endMin} min` },
      },
    },
    {
      name: 'period_label',
      data: { values: [label] },
      // At the foot of the band: the flow runs near the set rate, at the top, through the period.
      mark: { type: 'text', clip: true, baseline: 'bottom', dy: -4, color: COLORS.periodText, fontSize: 11 },
      encoding: { x: timeX('midMin', xMaxMin), y: { value: { expr: 'height' } }, text: { field: 'text' } },
    },
  ];
}
