import { describe, expect, it } from 'vitest';
import { analyse, AccuracyError, windowCounts, type MassSample } from '../../src/accuracy/index.ts';

/**
 * Worked by hand. S = 30 s = 0.5 min, d = 1 g/mL, r = 12 mL/h, so Q_i = 60·ΔW/(0.5·1) = 120·ΔW.
 *
 *   i   t (s)   W (g)    ΔW (g)   Q_i (mL/h)   100·(Q_i − r)/r
 *   0     0    0.000
 *   1    30    0.100    0.100     12.0            0
 *   2    60    0.210    0.110     13.2          +10
 *   3    90    0.300    0.090     10.8          −10
 *   4   120    0.405    0.105     12.6           +5
 *   5   150    0.505    0.100     12.0            0
 *
 * Period 0–2.5 min: n = 5 intervals. Q̄ = (12 + 13.2 + 10.8 + 12.6 + 12)/5 = 60.6/5 = 12.12 mL/h,
 * A = 100·(12.12 − 12)/12 = +1 %.
 * P = 1 min: k = 2, m = 4: E = (0+10)/2 = 5, (10−10)/2 = 0, (−10+5)/2 = −2.5, (5+0)/2 = 2.5
 *   → Ep(max) = 5, Ep(min) = −2.5.
 * P = 1.5 min: k = 3, m = 3: E = 0/3 = 0, 5/3, −5/3 → Ep(max) = 1.6667, Ep(min) = −1.6667.
 * Telescoping check for P = 1 min, j = 1 (t 30–90 s): volume (0.300 − 0.100)/1 = 0.2 mL,
 *   expected r·P/60 = 12·1/60 = 0.2 mL → 0 %, as above.
 */
const HAND: MassSample[] = [
  { atS: 0, massG: 0 },
  { atS: 30, massG: 0.1 },
  { atS: 60, massG: 0.21 },
  { atS: 90, massG: 0.3 },
  { atS: 120, massG: 0.405 },
  { atS: 150, massG: 0.505 },
];

const handAnalysis = () =>
  analyse({ samples: HAND, rateMlPerH: 12, densityGPerMl: 1, intervalS: 30, startMin: 0, endMin: 2.5, windowsMin: [1, 1.5] });

describe('analyse: hand-worked dataset', () => {
  it('flows', () => {
    const flows = handAnalysis().flowSeries.map((f) => f.flowMlPerH);
    for (const [i, q] of [12, 13.2, 10.8, 12.6, 12].entries()) expect(flows[i]).toBeCloseTo(q, 10);
  });
  it('overall error A and mean flow', () => {
    const a = handAnalysis();
    expect(a.intervals).toBe(5);
    expect(a.meanFlowMlPerH).toBeCloseTo(12.12, 10);
    expect(a.overallErrorPct).toBeCloseTo(1, 10);
  });
  it('windows', () => {
    const [p1, p15] = handAnalysis().windows;
    expect(p1).toMatchObject({ minutes: 1, k: 2, m: 4 });
    expect(p1?.epMaxPct).toBeCloseTo(5, 10);
    expect(p1?.epMinPct).toBeCloseTo(-2.5, 10);
    expect(p15).toMatchObject({ minutes: 1.5, k: 3, m: 3 });
    expect(p15?.epMaxPct).toBeCloseTo(5 / 3, 10);
    expect(p15?.epMinPct).toBeCloseTo(-5 / 3, 10);
  });
  it('density divides the mass: d = 0.5 doubles every flow', () => {
    const a = analyse({ samples: HAND, rateMlPerH: 24, densityGPerMl: 0.5, startMin: 0, endMin: 2.5, windowsMin: [1] });
    expect(a.overallErrorPct).toBeCloseTo(1, 10);
  });
  it('uses each interval’s actual duration, not the nominal S', () => {
    // 0.1 g over 36 s at d = 1 is 10 mL/h, not 12.
    const a = analyse({
      samples: [
        { atS: 0, massG: 0 },
        { atS: 36, massG: 0.1 },
        { atS: 60, massG: 0.18 },
      ],
      rateMlPerH: 12,
      densityGPerMl: 1,
      startMin: 0,
      endMin: 1,
      windowsMin: [0.5],
    });
    expect(a.flowSeries[0]?.flowMlPerH).toBeCloseTo(10, 10);
    expect(a.flowSeries[1]?.flowMlPerH).toBeCloseTo(12, 10);
  });
  it('extra windows merge with the standard ones, sorted', () => {
    const a = analyse({
      samples: HAND,
      rateMlPerH: 12,
      densityGPerMl: 1,
      startMin: 0,
      endMin: 2.5,
      windowsMin: [1.5],
      extraWindowsMin: [0.5, 1.5],
    });
    expect(a.windows.map((w) => w.minutes)).toEqual([0.5, 1.5]);
  });
});

/** A perfect run at r mL/h, d = 1, sampled every S s from 0 to `endMin`. */
function perfectRun(rateMlPerH: number, intervalS: number, endMin: number): MassSample[] {
  const samples: MassSample[] = [];
  for (let t = 0; t <= endMin * 60; t += intervalS) samples.push({ atS: t, massG: (rateMlPerH * t) / 3600 });
  return samples;
}

describe('windows for T = 60 min, S = 0.5 min', () => {
  it('k = 4, 10, 22, 38, 62 and m = 117, 111, 99, 83, 59', () => {
    const a = analyse({ samples: perfectRun(1, 30, 120), rateMlPerH: 1, densityGPerMl: 1 });
    expect(a.intervals).toBe(120);
    expect(a.windows.map((w) => [w.minutes, w.k, w.m])).toEqual([
      [2, 4, 117],
      [5, 10, 111],
      [11, 22, 99],
      [19, 38, 83],
      [31, 62, 59],
    ]);
    expect(a.overallErrorPct).toBeCloseTo(0, 9);
    for (const w of a.windows) {
      expect(w.epMaxPct).toBeCloseTo(0, 9);
      expect(w.epMinPct).toBeCloseTo(0, 9);
    }
  });
  it('the first flow sample of the period runs 60.0–60.5 min', () => {
    const a = analyse({ samples: perfectRun(1, 30, 120), rateMlPerH: 1, densityGPerMl: 1 });
    expect(a.periodFlowSeries[0]).toMatchObject({ fromS: 3600, toS: 3630 });
    expect(a.periodFlowSeries.at(-1)).toMatchObject({ fromS: 7170, toS: 7200 });
  });
  it('windowCounts alone', () => {
    expect([2, 5, 11, 19, 31].map((p) => windowCounts(p, 0.5, 120))).toEqual([
      { k: 4, m: 117 },
      { k: 10, m: 111 },
      { k: 22, m: 99 },
      { k: 38, m: 83 },
      { k: 62, m: 59 },
    ]);
  });
  it('the start-up curve covers 0–120 min', () => {
    const a = analyse({ samples: perfectRun(1, 30, 150), rateMlPerH: 1, densityGPerMl: 1 });
    expect(a.startupCurve).toHaveLength(240);
    expect(a.startupCurve[0]?.atMin).toBe(0.5);
    expect(a.startupCurve.at(-1)?.atMin).toBe(120);
  });
});

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AccuracyError) {
      expect(error.message).not.toContain('\n');
      return error.code;
    }
    throw error;
  }
  return 'no error';
}

describe('clear typed errors', () => {
  const base = { rateMlPerH: 1, densityGPerMl: 1 };
  const run = perfectRun(1, 30, 120);
  it('too few samples', () => {
    expect(codeOf(() => analyse({ ...base, samples: [{ atS: 0, massG: 0 }] }))).toBe('too-few-samples');
    expect(codeOf(() => analyse({ ...base, samples: perfectRun(1, 30, 100) }))).toBe('too-few-samples');
  });
  it('non-monotone time', () => {
    const samples = run.map((s, i) => (i === 10 ? { ...s, atS: 200 } : s));
    expect(codeOf(() => analyse({ ...base, samples }))).toBe('non-monotone-time');
  });
  it('gaps (missing samples)', () => {
    const samples = run.filter((_, i) => i !== 150);
    expect(codeOf(() => analyse({ ...base, samples }))).toBe('gap');
  });
  it('samples spaced unlike the declared S (wrong --interval-s)', () => {
    expect(codeOf(() => analyse({ ...base, samples: run, intervalS: 120 }))).toBe('irregular-sampling');
    expect(codeOf(() => analyse({ ...base, samples: run, intervalS: 10 }))).toBe('gap');
  });
  it('window longer than the period', () => {
    expect(codeOf(() => analyse({ ...base, samples: run, startMin: 90 }))).toBe('window-too-long');
  });
  it('window not a whole number of intervals', () => {
    expect(codeOf(() => analyse({ ...base, samples: run, windowsMin: [2.25] }))).toBe('bad-window');
  });
  it('non-positive rate', () => {
    expect(codeOf(() => analyse({ ...base, samples: run, rateMlPerH: 0 }))).toBe('bad-rate');
    expect(codeOf(() => analyse({ ...base, samples: run, rateMlPerH: -1 }))).toBe('bad-rate');
    expect(codeOf(() => analyse({ ...base, samples: run, rateMlPerH: Number.NaN }))).toBe('bad-rate');
  });
  it('implausible density and period', () => {
    expect(codeOf(() => analyse({ ...base, samples: run, densityGPerMl: 998.2 }))).toBe('bad-density');
    expect(codeOf(() => analyse({ ...base, samples: run, startMin: 120, endMin: 60 }))).toBe('bad-period');
  });
});
