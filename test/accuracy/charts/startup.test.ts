import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/accuracy/analysis.ts';
import type { ChartMeta } from '../../../src/accuracy/charts/meta.ts';
import { startupSpec } from '../../../src/accuracy/charts/startup.ts';
import { layerValues, renderChart, steadyRun } from './vega-view.ts';

const META: ChartMeta = { runId: 7, device: 'ne1000:/dev/ttyUSB0', syringe: 'bd-plastipak-60ml', dateIso: '2026-12-05T14:03:00Z' };
/** A 60-minute run, analysed as `accuracy` analyses one (period 30–60 min, start-up to the end). */
const SHORT = analyse({
  samples: steadyRun(60),
  rateMlPerH: 1,
  densityGPerMl: 1,
  startMin: 30,
  endMin: 60,
  windowsMin: [2, 5],
  startupEndMin: 60,
});
const STANDARD = analyse({ samples: steadyRun(180), rateMlPerH: 1, densityGPerMl: 1 });

describe('start-up curve spec', () => {
  it('embeds Q_i at the end of every 30 s interval: 120 points over 60 min, each at the set rate', () => {
    const values = layerValues(startupSpec(SHORT, META), 'flow');
    expect(values).toHaveLength(120);
    values.forEach((v, i) => {
      expect(v.atMin).toBeCloseTo((i + 1) / 2, 9);
      expect(v.flowMlPerH).toBeCloseTo(1, 9);
    });
  });
  it('fits the time axis to the data: a 60-minute run gets 0–60, not 0–120', async () => {
    const domain = (await renderChart(startupSpec(SHORT, META))).scale('x').domain();
    expect(domain[0]).toBe(0);
    expect(domain[1]).toBeGreaterThanOrEqual(60);
    expect(domain[1]).toBeLessThanOrEqual(60 + 30 / 60);
  });
  it('a longer run: the start-up curve stops at 120 min and so does the axis', async () => {
    expect((await renderChart(startupSpec(STANDARD, META))).scale('x').domain()).toEqual([0, 120]);
  });
  it('shades the analysis period: the drawn band runs from period start to end', async () => {
    const spec = startupSpec(SHORT, META);
    expect(layerValues(spec, 'period')).toEqual([{ startMin: 30, endMin: 60 }]);
    const chart = await renderChart(spec);
    const [band] = chart.items('period');
    const x = chart.scale('x');
    expect(x.invert(band?.x ?? Number.NaN)).toBeCloseTo(30, 6);
    expect(x.invert((band?.x ?? Number.NaN) + (band?.width ?? Number.NaN))).toBeCloseTo(60, 6);
    expect(chart.items('period_label')[0]?.datum).toMatchObject({ text: 'analysis period' });
  });
  it('draws the set rate as a dashed rule at the rate, and the y axis from 0', async () => {
    const spec = startupSpec({ ...SHORT, rateMlPerH: 1.25 }, META);
    const chart = await renderChart(spec);
    const [rule] = chart.items('nominal');
    expect(chart.scale('y').invert(rule?.y ?? Number.NaN)).toBeCloseTo(1.25, 6);
    expect(chart.scale('y').domain()[0]).toBe(0);
  });
  it('titles name the plot and the set rate; usermeta says what it is', () => {
    const spec = startupSpec(SHORT, META);
    expect(spec.title).toMatchObject({ text: 'Start-up curve, set rate 1 mL/h' });
    expect(spec.usermeta).toEqual({ haipump: { kind: 'startup', runId: 7, rateMlPerH: 1, period: { startMin: 30, endMin: 60 } } });
  });
  it('drops points without a number (JSON has no NaN) and still draws an empty curve', async () => {
    const spec = startupSpec(
      {
        rateMlPerH: 1,
        period: { startMin: 60, endMin: 120 },
        startupCurve: [
          { atMin: 0.5, flowMlPerH: Number.NaN },
          { atMin: 1, flowMlPerH: 0.9 },
        ],
      },
      META,
    );
    expect(layerValues(spec, 'flow')).toEqual([{ atMin: 1, flowMlPerH: 0.9 }]);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const empty = await renderChart(startupSpec({ rateMlPerH: 1, period: { startMin: 60, endMin: 120 }, startupCurve: [] }, META));
    expect(empty.scale('x').domain()).toEqual([0, 120]);
  });
});
