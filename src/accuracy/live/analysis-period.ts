import { STANDARD_WINDOWS_MIN } from '../analysis.ts';

/**
 * The analysis period of a live run: the second hour (60–120 min) when the run covers it, as the
 * method asks; otherwise the second half of a shorter run (a quick check, not the standard test).
 * Windows longer than the period are left out rather than refused.
 */
export function livePeriod(minutes: number, intervalS: number, startMin?: number, endMin?: number): { startMin: number; endMin: number } {
  if (startMin !== undefined && endMin !== undefined) return { startMin, endMin };
  if (minutes >= 120) return { startMin: startMin ?? 60, endMin: endMin ?? 120 };
  const intervalMin = intervalS / 60;
  const end = endMin ?? Math.floor(minutes / intervalMin) * intervalMin;
  const start = startMin ?? Math.floor(end / 2 / intervalMin) * intervalMin;
  return { startMin: start, endMin: end };
}

/** The standard windows (plus extras) that fit whole into the period and are whole numbers of intervals. */
export function fittingWindows(period: { startMin: number; endMin: number }, intervalS: number, extra: readonly number[] = []): number[] {
  const lengthMin = period.endMin - period.startMin;
  const intervalMin = intervalS / 60;
  return [...new Set([...STANDARD_WINDOWS_MIN, ...extra])]
    .filter((p) => p <= lengthMin && Math.abs(p / intervalMin - Math.round(p / intervalMin)) < 1e-9)
    .sort((a, b) => a - b);
}
