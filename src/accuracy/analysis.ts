import { AccuracyError } from './errors.ts';
import { checkDensity, flowSeries } from './flow.ts';
import type { FlowSample, MassSample } from './types.ts';
import { windowCounts, windowErrorsPct } from './windows.ts';

/** The observation windows of IEC 60601-2-24 style trumpet curves (min). */
export const STANDARD_WINDOWS_MIN: readonly number[] = [2, 5, 11, 19, 31];

export interface AnalyseInput {
  samples: readonly MassSample[];
  /** The set rate r (mL/h). */
  rateMlPerH: number;
  densityGPerMl: number;
  /** The nominal sampling interval S (s); the flow itself uses each interval's actual duration. */
  intervalS?: number;
  /** The analysis period [startMin, endMin]: the second hour by default. */
  startMin?: number;
  endMin?: number;
  windowsMin?: readonly number[];
  /** Windows some makers add (e.g. 1 min), merged with `windowsMin`. */
  extraWindowsMin?: readonly number[];
  /** The start-up curve runs from the first sample to this time (min). */
  startupEndMin?: number;
}

export interface WindowResult {
  minutes: number;
  /** samples per window, P/S */
  k: number;
  /** number of windows, n − k + 1 */
  m: number;
  epMaxPct: number;
  epMinPct: number;
}

export interface StartupPoint {
  /** the end of the interval the flow was measured over (min) */
  atMin: number;
  flowMlPerH: number;
}

export interface Analysis {
  densityGPerMl: number;
  rateMlPerH: number;
  intervalS: number;
  period: { startMin: number; endMin: number };
  /** n: flow samples (intervals) in the analysis period */
  intervals: number;
  /** A = 100·(Q̄ − r)/r over the analysis period */
  overallErrorPct: number;
  meanFlowMlPerH: number;
  windows: WindowResult[];
  startupCurve: StartupPoint[];
  /** every interval of the run, not only the analysis period */
  flowSeries: FlowSample[];
  /** the intervals of the analysis period */
  periodFlowSeries: FlowSample[];
}

/** Interval lengths outside [0.5·S, 1.5·S] mean a missing or an extra sample, not jitter. */
const GAP_FACTOR = 1.5;
const IRREGULAR_FACTOR = 0.5;
/** A time stamp within 10 % of S of a period boundary counts as on it (balance time stamps jitter). */
const BOUNDARY_TOLERANCE = 0.1;

/** Gravimetric accuracy analysis, IEC 60601-2-24 style (formulas in docs/accuracy.md). Pure; throws AccuracyError. */
export function analyse(input: AnalyseInput): Analysis {
  const intervalS = input.intervalS ?? 30;
  const startMin = input.startMin ?? 60;
  const endMin = input.endMin ?? 120;
  const { rateMlPerH, densityGPerMl, samples } = input;
  checkInputs(rateMlPerH, densityGPerMl, intervalS, startMin, endMin);

  const flows = flowSeries(samples, densityGPerMl);
  checkSpacing(flows, intervalS);
  checkCoverage(samples, startMin, endMin, intervalS);

  const toleranceS = BOUNDARY_TOLERANCE * intervalS;
  const period = flows.filter((f) => f.fromS >= startMin * 60 - toleranceS && f.toS <= endMin * 60 + toleranceS);
  if (period.length === 0) {
    throw new AccuracyError('too-few-samples', `no whole sampling interval lies inside ${startMin}–${endMin} min`);
  }
  const periodFlows = period.map((f) => f.flowMlPerH);
  const meanFlowMlPerH = periodFlows.reduce((sum, q) => sum + q, 0) / periodFlows.length;

  const windowsMin = [...new Set([...(input.windowsMin ?? STANDARD_WINDOWS_MIN), ...(input.extraWindowsMin ?? [])])].sort((a, b) => a - b);
  const windows = windowsMin.map((minutes): WindowResult => {
    const { k, m } = windowCounts(minutes, intervalS / 60, periodFlows.length);
    const errorsPct = windowErrorsPct(periodFlows, rateMlPerH, k);
    return { minutes, k, m, epMaxPct: Math.max(...errorsPct), epMinPct: Math.min(...errorsPct) };
  });

  const startupEndS = (input.startupEndMin ?? 120) * 60 + toleranceS;
  const startupCurve = flows.filter((f) => f.toS <= startupEndS).map((f) => ({ atMin: f.toS / 60, flowMlPerH: f.flowMlPerH }));

  return {
    densityGPerMl,
    rateMlPerH,
    intervalS,
    period: { startMin, endMin },
    intervals: periodFlows.length,
    overallErrorPct: (100 * (meanFlowMlPerH - rateMlPerH)) / rateMlPerH,
    meanFlowMlPerH,
    windows,
    startupCurve,
    flowSeries: flows,
    periodFlowSeries: period,
  };
}

function checkInputs(rateMlPerH: number, densityGPerMl: number, intervalS: number, startMin: number, endMin: number): void {
  if (!Number.isFinite(rateMlPerH) || rateMlPerH <= 0) {
    throw new AccuracyError('bad-rate', `set rate ${rateMlPerH} mL/h must be positive`);
  }
  checkDensity(densityGPerMl);
  if (!Number.isFinite(intervalS) || intervalS <= 0) {
    throw new AccuracyError('bad-period', `sampling interval ${intervalS} s must be positive`);
  }
  if (!Number.isFinite(startMin) || !Number.isFinite(endMin) || startMin < 0 || endMin <= startMin) {
    throw new AccuracyError('bad-period', `analysis period ${startMin}–${endMin} min must have 0 ≤ start < end`);
  }
}

function checkSpacing(flows: readonly FlowSample[], intervalS: number): void {
  for (const f of flows) {
    const durationS = f.toS - f.fromS;
    if (durationS > GAP_FACTOR * intervalS) {
      throw new AccuracyError(
        'gap',
        `missing samples: ${durationS.toFixed(1)} s between ${f.fromS} s and ${f.toS} s (interval ${intervalS} s)`,
      );
    }
    if (durationS < IRREGULAR_FACTOR * intervalS) {
      throw new AccuracyError(
        'irregular-sampling',
        `samples only ${durationS.toFixed(1)} s apart at ${f.fromS} s (interval ${intervalS} s): wrong --interval-s?`,
      );
    }
  }
}

function checkCoverage(samples: readonly MassSample[], startMin: number, endMin: number, intervalS: number): void {
  const firstS = samples[0]?.atS ?? Number.NaN;
  const lastS = samples.at(-1)?.atS ?? Number.NaN;
  const toleranceS = BOUNDARY_TOLERANCE * intervalS;
  if (!(firstS <= startMin * 60 + toleranceS && lastS >= endMin * 60 - toleranceS)) {
    throw new AccuracyError(
      'too-few-samples',
      `samples cover ${(firstS / 60).toFixed(2)}–${(lastS / 60).toFixed(2)} min; the analysis period ${startMin}–${endMin} min is not covered`,
    );
  }
}
