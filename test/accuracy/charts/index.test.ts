import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/accuracy/analysis.ts';
import { chartSpecs } from '../../../src/accuracy/charts/index.ts';
import { steadyRun } from './vega-view.ts';

describe('chartSpecs', () => {
  const specs = chartSpecs(analyse({ samples: steadyRun(120), rateMlPerH: 1, densityGPerMl: 1 }), {
    runId: 4,
    device: 'sim',
    syringe: null,
    dateIso: '2026-12-05',
  });
  it('the three charts, each marked with its kind and run for the page to find', () => {
    for (const kind of ['startup', 'trumpet', 'flow'] as const) expect(specs[kind].usermeta).toMatchObject({ haipump: { kind, runId: 4 } });
  });
  it('plain JSON with the data inside: a schema URL string, a fixed size, no data URLs', () => {
    for (const spec of Object.values(specs)) {
      const text = JSON.stringify(spec);
      expect(JSON.parse(text)).toEqual(spec);
      expect(spec).toMatchObject({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 760, height: 440 });
      expect(text).not.toContain('"url"');
    }
  });
});
