import { describe, expect, it } from 'vitest';
import { benchFigures } from '../../../src/dashboard/bench/figures.ts';
import { benchSetup } from './bench-run.ts';

describe('benchFigures', () => {
  it('gives Q_i of one interval as worked by hand', () => {
    // 0.0125 g in 30 s (S = 0.5 min) at d = 0.998 g/mL: Q = 60·0.0125 / (0.5·0.998) = 1.503006… mL/h.
    const setup = benchSetup({ densityGPerMl: 0.998 });
    const figures = benchFigures(setup, [
      { atS: 0, massG: 20 },
      { atS: 30, massG: 20.0125 },
    ]);
    expect(figures.flows).toHaveLength(1);
    expect(figures.flows[0]?.fromS).toBe(0);
    expect(figures.flows[0]?.toS).toBe(30);
    expect(figures.flows[0]?.flowMlPerH).toBeCloseTo((60 * 0.0125) / (0.5 * 0.998), 12);
    expect(figures.flows[0]?.flowMlPerH).toBeCloseTo(1.503006012, 9);
    expect(figures.startupCurve).toEqual([{ atMin: 0.5, flowMlPerH: figures.flows[0]?.flowMlPerH }]);
  });

  it('has nothing but the planned period and windows before two samples', () => {
    const figures = benchFigures(benchSetup({ minutes: 60 }), [{ atS: 0, massG: 20 }]);
    expect(figures).toEqual({
      flows: [],
      startupCurve: [],
      period: { startMin: 30, endMin: 60, intervals: 0, final: false },
      trumpet: { complete: false, plannedMin: [2, 5, 11, 19], windows: [] },
      overall: null,
      iso28620: null,
      problem: null,
    });
  });

  it('names samples that begin after the period has started', () => {
    // A period of 1–10 min, but the first sample at 2 min: no interval from 1 min can ever be had.
    const setup = benchSetup({ minutes: 10, startMin: 1, endMin: 10 });
    const samples = Array.from({ length: 10 }, (_, i) => ({ atS: 120 + 30 * i, massG: (120 + 30 * i) / 3600 }));
    const figures = benchFigures(setup, samples);
    expect(figures.problem?.code).toBe('too-few-samples');
    expect(figures.overall).toBeNull();
    expect(figures.startupCurve).toHaveLength(9);
  });
});
