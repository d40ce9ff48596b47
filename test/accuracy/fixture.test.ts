import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse, DEFAULT_DENSITY_G_PER_ML, parseSamplesCsv, samplesToCsv } from '../../src/accuracy/index.ts';
import { makeGravimetricRun } from '../fixtures/make-gravimetric.ts';

const FIXTURE = new URL('../fixtures/gravimetric-1mlh.csv', import.meta.url);

describe('fixture gravimetric-1mlh.csv', () => {
  it('is what make-gravimetric.ts generates (seeded, reproducible)', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(samplesToCsv(makeGravimetricRun()));
  });
  it('analyses: 120 intervals, about +2 % (the generator’s gain), a lagging start-up', () => {
    const a = analyse({ samples: parseSamplesCsv(readFileSync(FIXTURE, 'utf8')), rateMlPerH: 1, densityGPerMl: DEFAULT_DENSITY_G_PER_ML });
    expect(a.intervals).toBe(120);
    expect(a.overallErrorPct).toBeGreaterThan(1);
    expect(a.overallErrorPct).toBeLessThan(3);
    expect(a.startupCurve[0]?.flowMlPerH).toBeLessThan(0.2);
    // the trumpet narrows as the window grows
    const spreads = a.windows.map((w) => w.epMaxPct - w.epMinPct);
    for (let i = 1; i < spreads.length; i += 1) expect(spreads[i]).toBeLessThan(spreads[i - 1] ?? Number.POSITIVE_INFINITY);
  });
});
