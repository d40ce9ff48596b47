import type { Encoding } from './frame.ts';

/**
 * The x channel of a flow-vs-time chart, fitted to the data: from 0 to the last sample, not
 * "nice"-rounded, so a 60-minute run gets a 0–60 axis (not 0–120, not 0–80). Every layer of the
 * chart uses this same channel, so none of them widens the domain.
 */
export function timeX(field: string, xMaxMin: number): Encoding['x'] {
  // About a dozen ticks: every 5 min on an hour, every 10 on two, not the 24 a 5-min step gives there.
  return {
    field,
    type: 'quantitative',
    title: 'time (min)',
    scale: { domain: [0, xMaxMin], nice: false, zero: true },
    axis: { tickCount: 12 },
  };
}

/** The end of the time axis: the last finite time, or the period's end when there is no data to plot. */
export function timeAxisEndMin(atMin: readonly number[], fallbackMin: number): number {
  const finite = atMin.filter(Number.isFinite);
  const lastMin = finite.length === 0 ? fallbackMin : Math.max(...finite);
  // A domain of [0, 0] draws nothing useful; a run of zero length gets one minute.
  return lastMin > 0 ? lastMin : 1;
}
