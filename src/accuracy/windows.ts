import { AccuracyError } from './errors.ts';

/** Samples per window and number of windows: k = P/S, m = n − k + 1 (= (T − P)/S + 1 when n = T/S). */
export interface WindowCounts {
  k: number;
  m: number;
}

/**
 * k = P/S must be a whole number of sampling intervals; a window that does not fit the period
 * (k > n) is refused rather than shrunk, because a shorter window is a different point on the
 * trumpet curve.
 */
export function windowCounts(windowMin: number, intervalMin: number, intervals: number): WindowCounts {
  if (!Number.isFinite(windowMin) || windowMin <= 0) {
    throw new AccuracyError('bad-window', `window ${windowMin} min must be positive`);
  }
  const exactK = windowMin / intervalMin;
  const k = Math.round(exactK);
  if (Math.abs(exactK - k) > 1e-9 || k < 1) {
    throw new AccuracyError('bad-window', `window ${windowMin} min is not a whole number of ${intervalMin} min intervals`);
  }
  if (k > intervals) {
    throw new AccuracyError(
      'window-too-long',
      `window ${windowMin} min (${k} samples) is longer than the analysis period (${intervals} samples)`,
    );
  }
  return { k, m: intervals - k + 1 };
}

/**
 * E_P(j) = (1/k)·Σ_{i=j}^{j+k−1} 100·(Q_i − r)/r for j = 0 … n−k: the mean percentage error of
 * each run of k consecutive flow samples, sliding one sample at a time. Each window is summed
 * afresh (O(n·k), at most a few thousand terms) so no running-sum rounding drifts along the run.
 */
export function windowErrorsPct(flowsMlPerH: readonly number[], rateMlPerH: number, k: number): number[] {
  const errorsPct = flowsMlPerH.map((q) => (100 * (q - rateMlPerH)) / rateMlPerH);
  const out: number[] = [];
  for (let j = 0; j + k <= errorsPct.length; j += 1) {
    let sum = 0;
    for (let i = j; i < j + k; i += 1) sum += errorsPct[i] ?? 0;
    out.push(sum / k);
  }
  return out;
}
