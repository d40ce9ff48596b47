import type { Analysis, StartupPoint, WindowResult } from './analysis.ts';
import { lineChart } from './svg-chart.ts';
import type { FlowSample } from './types.ts';

const NOMINAL = { color: '#2b8a3e', dash: '6 4', className: 'nominal' } as const;

function rateText(rateMlPerH: number): string {
  return `${Number(rateMlPerH.toPrecision(6))} mL/h`;
}

/** Start-up curve: flow vs time over the first two hours, with the set rate as a dashed line. */
export function startupCurveSvg(startupCurve: readonly StartupPoint[], rateMlPerH: number): string {
  return lineChart({
    title: `Start-up curve, set rate ${rateText(rateMlPerH)}`,
    xLabel: 'time (min)',
    yLabel: 'flow (mL/h)',
    x: { min: 0, max: 120 },
    xTicks: [0, 20, 40, 60, 80, 100, 120],
    yInclude: [0],
    series: [{ label: 'flow Q_i', color: '#1c63b7', points: startupCurve.map((p) => ({ x: p.atMin, y: p.flowMlPerH })) }],
    referenceLines: [{ ...NOMINAL, y: rateMlPerH, label: `nominal ${rateText(rateMlPerH)}` }],
  });
}

/**
 * Trumpet curve: x is the observation window length P (min), not time. The maximum and minimum
 * window errors fan out at short windows and close towards the overall error A at long ones.
 */
export function trumpetSvg(analysis: Pick<Analysis, 'windows' | 'overallErrorPct' | 'rateMlPerH' | 'period'>): string {
  const windows: readonly WindowResult[] = analysis.windows;
  const maxP = Math.max(...windows.map((w) => w.minutes), 1);
  const a = analysis.overallErrorPct;
  return lineChart({
    title: `Trumpet curve, ${rateText(analysis.rateMlPerH)}, ${analysis.period.startMin}–${analysis.period.endMin} min`,
    xLabel: 'observation window P (min)',
    yLabel: 'flow error (%)',
    x: { min: 0, max: maxP + 1 },
    xTicks: [0, ...windows.map((w) => w.minutes)],
    yInclude: [0],
    series: [
      { label: 'Ep(max)', color: '#c92a2a', markers: true, points: windows.map((w) => ({ x: w.minutes, y: w.epMaxPct })) },
      { label: 'Ep(min)', color: '#1c63b7', markers: true, points: windows.map((w) => ({ x: w.minutes, y: w.epMinPct })) },
    ],
    referenceLines: [
      { y: a, label: `overall error A = ${a.toFixed(2)} %`, color: '#2b8a3e', dash: '6 4', className: 'overall-error' },
      // For a trumpet plot "nominal" is zero error: the set rate delivered exactly.
      { y: 0, label: 'zero error (nominal)', color: '#555555', dash: '2 3', className: 'nominal zero' },
    ],
  });
}

/** Flow vs time over the whole run, with the set rate. */
export function flowSeriesSvg(flows: readonly FlowSample[], rateMlPerH: number): string {
  return lineChart({
    title: `Flow vs time, set rate ${rateText(rateMlPerH)}`,
    xLabel: 'time (min)',
    yLabel: 'flow (mL/h)',
    yInclude: [0],
    series: [{ label: 'flow Q_i', color: '#1c63b7', points: flows.map((f) => ({ x: f.toS / 60, y: f.flowMlPerH })) }],
    referenceLines: [{ ...NOMINAL, y: rateMlPerH, label: `nominal ${rateText(rateMlPerH)}` }],
  });
}
