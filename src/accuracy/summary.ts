/**
 * The analysis as a JSON document: the same fields, rounding and method label for a recorded
 * file (`haipump trumpet --json`) and a live run (`result.json`, `haipump accuracy --json`).
 */
import type { Iso28620Result } from './iso28620.ts';
import type { Analysis } from './analysis.ts';

export const METHOD_LABEL = 'IEC 60601-2-24 style gravimetric analysis (not compliant)';

/** Rounding for output only: more digits than this are balance noise, not information. */
export const roundTo = (value: number, decimals = 4): number => Number(value.toFixed(decimals));

export function analysisSummary(a: Analysis, iso: Iso28620Result, densitySource: string): Record<string, unknown> {
  return {
    method: METHOD_LABEL,
    rateMlPerH: a.rateMlPerH,
    densityGPerMl: roundTo(a.densityGPerMl, 6),
    densitySource,
    intervalS: a.intervalS,
    period: a.period,
    intervals: a.intervals,
    meanFlowMlPerH: roundTo(a.meanFlowMlPerH, 6),
    overallErrorPct: roundTo(a.overallErrorPct),
    windows: a.windows.map((w) => ({ minutes: w.minutes, k: w.k, m: w.m, epMaxPct: roundTo(w.epMaxPct), epMinPct: roundTo(w.epMinPct) })),
    iso28620: {
      meanErrorPct: roundTo(iso.meanErrorPct),
      meanPass: iso.meanPass,
      inBandPct: roundTo(iso.inBandPct, 2),
      inBandPass: iso.inBandPass,
      pass: iso.pass,
    },
  };
}
