import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/accuracy/analysis.ts';
import type { ChartMeta } from '../../../src/accuracy/charts/meta.ts';
import { trumpetSpec } from '../../../src/accuracy/charts/trumpet.ts';
import { layerValues, renderChart } from './vega-view.ts';

const META: ChartMeta = { runId: 12, device: 'sim', syringe: null, dateIso: '2026-12-05T14:03:00Z' };
/** Worked numbers, not an analysis: what the chart shows must be these. */
const INPUT: Pick<Analysis, 'windows' | 'overallErrorPct' | 'rateMlPerH' | 'period'> = {
  rateMlPerH: 0.5,
  period: { startMin: 60, endMin: 120 },
  overallErrorPct: -1.5,
  windows: [
    { minutes: 2, k: 4, m: 117, epMaxPct: 6, epMinPct: -9 },
    { minutes: 5, k: 10, m: 111, epMaxPct: 3, epMinPct: -6 },
    { minutes: 11, k: 22, m: 99, epMaxPct: 1, epMinPct: -4 },
    { minutes: 19, k: 38, m: 83, epMaxPct: 0, epMinPct: -3 },
    { minutes: 31, k: 62, m: 59, epMaxPct: -0.5, epMinPct: -2.5 },
  ],
};

describe('trumpet curve spec', () => {
  it('one point per window for each of Ep(max) and Ep(min), drawn where the numbers say', async () => {
    const spec = trumpetSpec(INPUT, META);
    const rows = layerValues(spec, 'windows');
    for (const w of INPUT.windows) {
      expect(rows).toContainEqual({ windowMin: w.minutes, series: 'Ep(max)', errorPct: w.epMaxPct });
      expect(rows).toContainEqual({ windowMin: w.minutes, series: 'Ep(min)', errorPct: w.epMinPct });
    }
    expect(rows).toHaveLength(10);
    const chart = await renderChart(spec);
    const points = chart.items('window_points');
    expect(points).toHaveLength(10);
    const drawn = points.map((p) => [chart.scale('x').invert(p.x ?? Number.NaN), chart.scale('y').invert(p.y ?? Number.NaN)]);
    for (const w of INPUT.windows) {
      for (const errorPct of [w.epMaxPct, w.epMinPct]) {
        expect(drawn.some(([x = Number.NaN, y = Number.NaN]) => Math.abs(x - w.minutes) < 1e-6 && Math.abs(y - errorPct) < 1e-6)).toBe(
          true,
        );
      }
    }
  });
  it('the overall error A and zero error as rules at their values', async () => {
    const chart = await renderChart(trumpetSpec(INPUT, META));
    const y = chart.scale('y');
    expect(y.invert(chart.items('overall_error')[0]?.y ?? Number.NaN)).toBeCloseTo(-1.5, 6);
    expect(y.invert(chart.items('nominal')[0]?.y ?? Number.NaN)).toBeCloseTo(0, 6);
  });
  it('x is the window length from 0 past the longest window', async () => {
    const domain = (await renderChart(trumpetSpec(INPUT, META))).scale('x').domain();
    expect(domain[0]).toBe(0);
    expect(domain[1]).toBeGreaterThan(31);
    expect(domain[1]).toBeLessThanOrEqual(32);
  });
  it('the analysis period goes into the subtitle, after the run line', () => {
    const spec = trumpetSpec(INPUT, META);
    expect(spec.title).toEqual(
      expect.objectContaining({
        text: 'Trumpet curve, set rate 0.5 mL/h',
        subtitle: ['run 12 · sim · 2026-12-05 14:03 UTC', 'analysis period 60–120 min'],
      }),
    );
    expect(spec.usermeta).toMatchObject({ haipump: { kind: 'trumpet', runId: 12 } });
  });
  it('a window with no error (longer than the period) is left out, not plotted at infinity', () => {
    const spec = trumpetSpec(
      { ...INPUT, windows: [...INPUT.windows, { minutes: 90, k: 180, m: 0, epMaxPct: -Infinity, epMinPct: Infinity }] },
      META,
    );
    expect(layerValues(spec, 'windows')).toHaveLength(10);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});
