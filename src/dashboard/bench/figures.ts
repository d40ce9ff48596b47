/**
 * The accuracy figures of a live run from the samples so far. Every figure comes from the same
 * functions the run's report uses (analyse, windowCounts/windowErrorsPct, checkIso28620, and the
 * live period rules), so when the period is covered the figures are the report's, not a second
 * implementation that could drift from it. While the period is still running, the period
 * figures are analyse()'s over the period cut at the latest sample: the intervals it keeps are
 * then exactly the first ones of the final period.
 */
import { type Analysis, analyse, type WindowResult } from '../../accuracy/analysis.ts';
import { AccuracyError } from '../../accuracy/errors.ts';
import { flowSeries } from '../../accuracy/flow.ts';
import { checkIso28620, ISO28620_LIMITS } from '../../accuracy/iso28620.ts';
import { fittingWindows, livePeriod } from '../../accuracy/live/analysis-period.ts';
import type { MassSample } from '../../accuracy/types.ts';
import { windowCounts, windowErrorsPct } from '../../accuracy/windows.ts';
import type { BenchSetup } from './messages.ts';
import type { BenchView, Iso28620View } from './view.ts';

type FigureSetup = Pick<BenchSetup, 'rateMlPerH' | 'minutes' | 'intervalS' | 'densityGPerMl' | 'startMin' | 'endMin'>;
export type BenchFigures = Pick<BenchView, 'flows' | 'startupCurve' | 'period' | 'trumpet' | 'overall' | 'iso28620' | 'problem'>;

/** Pure; never throws for samples with increasing, finite times (what LiveBenchRun accepts) and a set-up that passed setupProblem. */
export function benchFigures(setup: FigureSetup, samples: readonly MassSample[]): BenchFigures {
  const period = livePeriod(setup.minutes, setup.intervalS, setup.startMin, setup.endMin);
  const plannedMin = fittingWindows(period, setup.intervalS);
  const none: BenchFigures = {
    flows: [],
    startupCurve: [],
    period: { ...period, intervals: 0, final: false },
    trumpet: { complete: false, plannedMin, windows: [] },
    overall: null,
    iso28620: null,
    problem: null,
  };
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined || samples.length < 2) return none;

  const flows = flowSeries(samples, setup.densityGPerMl);
  // Over the whole span so far: the start-up curve, and analyse()'s spacing checks on every interval.
  const span = analyseSpan(setup, samples, first.atS / 60, last.atS / 60);
  if (span instanceof AccuracyError) return { ...none, flows, problem: { code: span.code, message: span.message } };
  const started = { ...none, flows, startupCurve: span.startupCurve };

  const lastMin = last.atS / 60;
  if (lastMin <= period.startMin) return started;
  let final = true;
  let analysis = analyseSpan(setup, samples, period.startMin, period.endMin);
  if (analysis instanceof AccuracyError) {
    // The only refusal left after the span passed is coverage: the period is not over yet.
    final = false;
    analysis = analyseSpan(setup, samples, period.startMin, Math.min(lastMin, period.endMin));
  }
  if (analysis instanceof AccuracyError) {
    // No whole interval inside yet is normal; an interval that is plainly inside and still refused is not
    // (the samples began after the period's start, say).
    const startS = period.startMin * 60;
    const inside = flows.some((f) => f.fromS >= startS && f.toS <= Math.min(last.atS, period.endMin * 60));
    return inside ? { ...started, problem: { code: analysis.code, message: analysis.message } } : started;
  }

  return {
    ...started,
    period: { ...period, intervals: analysis.intervals, final },
    trumpet: { complete: final, plannedMin, windows: windowsSoFar(analysis, plannedMin, setup.intervalS) },
    overall: { meanFlowMlPerH: analysis.meanFlowMlPerH, overallErrorPct: analysis.overallErrorPct, final },
    iso28620: isoView(analysis, final),
  };
}

function analyseSpan(setup: FigureSetup, samples: readonly MassSample[], startMin: number, endMin: number): Analysis | AccuracyError {
  try {
    return analyse({
      samples,
      rateMlPerH: setup.rateMlPerH,
      densityGPerMl: setup.densityGPerMl,
      intervalS: setup.intervalS,
      startMin,
      endMin,
      // No windows here: a window longer than the intervals so far would make analyse() refuse the lot.
      windowsMin: [],
      // As analyseLiveRun does.
      startupEndMin: Math.min(120, setup.minutes),
    });
  } catch (error) {
    if (error instanceof AccuracyError) return error;
    throw error;
  }
}

/** Each planned window once the period holds k = P/S intervals, computed as analyse() computes it. */
function windowsSoFar(analysis: Analysis, plannedMin: readonly number[], intervalS: number): WindowResult[] {
  const intervalMin = intervalS / 60;
  const flowsMlPerH = analysis.periodFlowSeries.map((f) => f.flowMlPerH);
  const windows: WindowResult[] = [];
  for (const minutes of plannedMin) {
    // k alone first: whether the window fits yet is this view's question, not an error.
    const { k } = windowCounts(minutes, intervalMin, Number.POSITIVE_INFINITY);
    if (k > flowsMlPerH.length) continue;
    const { m } = windowCounts(minutes, intervalMin, flowsMlPerH.length);
    const errorsPct = windowErrorsPct(flowsMlPerH, analysis.rateMlPerH, k);
    windows.push({ minutes, k, m, epMaxPct: Math.max(...errorsPct), epMinPct: Math.min(...errorsPct) });
  }
  return windows;
}

function isoView(analysis: Analysis, known: boolean): Iso28620View {
  const iso = checkIso28620(analysis.periodFlowSeries, analysis.rateMlPerH);
  const shown = (pass: boolean): boolean | null => (known ? pass : null);
  return {
    known,
    mean: {
      flowMlPerH: iso.meanFlowMlPerH,
      errorPct: iso.meanErrorPct,
      tolerancePct: ISO28620_LIMITS.meanTolerancePct,
      pass: shown(iso.meanPass),
    },
    inBand: {
      deliveredMl: iso.deliveredMl,
      inBandMl: iso.inBandMl,
      volumePct: iso.inBandPct,
      minPct: ISO28620_LIMITS.minVolumeInBandPct,
      pass: shown(iso.inBandPass),
    },
    pass: shown(iso.pass),
  };
}
