import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/accuracy/analysis.ts';
import { flowSpec } from '../../../src/accuracy/charts/flow.ts';
import type { ChartMeta } from '../../../src/accuracy/charts/meta.ts';
import { layerValues, renderChart, steadyRun } from './vega-view.ts';

const META: ChartMeta = { runId: null, source: 'run.csv', device: 'recorded file', syringe: null, dateIso: '2026-12-05' };
/** Three hours at 2 mL/h, one sample a minute: 180 intervals, the default period 60–120 min. */
const RUN = analyse({ samples: steadyRun(180, 2, 60), rateMlPerH: 2, densityGPerMl: 1, intervalS: 60 });

describe('flow vs time spec', () => {
  it('embeds every interval of the whole run, at its end, each at the set rate', () => {
    const values = layerValues(flowSpec(RUN, META), 'flow');
    expect(values).toHaveLength(180);
    values.forEach((v, i) => {
      expect(v.atMin).toBeCloseTo(i + 1, 9);
      expect(v.flowMlPerH).toBeCloseTo(2, 9);
    });
  });
  it('the time axis spans the run, past the start-up two hours', async () => {
    expect((await renderChart(flowSpec(RUN, META))).scale('x').domain()).toEqual([0, 180]);
  });
  it('shades the analysis period and draws the set rate', async () => {
    const chart = await renderChart(flowSpec(RUN, META));
    const [band] = chart.items('period');
    const x = chart.scale('x');
    expect(x.invert(band?.x ?? Number.NaN)).toBeCloseTo(60, 6);
    expect(x.invert((band?.x ?? Number.NaN) + (band?.width ?? Number.NaN))).toBeCloseTo(120, 6);
    expect(chart.scale('y').invert(chart.items('nominal')[0]?.y ?? Number.NaN)).toBeCloseTo(2, 6);
  });
  it('title and usermeta', () => {
    const spec = flowSpec(RUN, META);
    expect(spec.title).toMatchObject({ text: 'Flow vs time, set rate 2 mL/h', subtitle: ['run.csv · recorded file · 2026-12-05'] });
    expect(spec.usermeta).toMatchObject({ haipump: { kind: 'flow', runId: null } });
  });
});
