import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse, flowSeries, windowErrorsPct, type MassSample } from '../../src/accuracy/index.ts';

/**
 * The independent oracle: with a constant S, Σ Q_i·S/60 over a window telescopes to
 * (W_end − W_start)/d, so E_P(j) = 100·((W_end − W_start)/d − r·P/60)/(r·P/60): the percentage
 * error of the volume delivered over the window, computed from two masses and no flows at all.
 */
const run = fc.record({
  rateMlPerH: fc.double({ min: 0.01, max: 100, noNaN: true }),
  densityGPerMl: fc.double({ min: 0.9, max: 1.3, noNaN: true }),
  intervalS: fc.constantFrom(10, 15, 30, 60),
  // per-interval mass increments in units of the nominal increment, some negative (noise)
  increments: fc.array(fc.double({ min: -0.5, max: 2.5, noNaN: true }), { minLength: 1, maxLength: 80 }),
  k: fc.integer({ min: 1, max: 80 }),
});

function samplesOf(rateMlPerH: number, densityGPerMl: number, intervalS: number, increments: readonly number[]): MassSample[] {
  const nominalG = ((rateMlPerH * intervalS) / 3600) * densityGPerMl;
  const samples: MassSample[] = [{ atS: 0, massG: 10 }];
  for (const [i, f] of increments.entries()) samples.push({ atS: (i + 1) * intervalS, massG: (samples[i]?.massG ?? 0) + f * nominalG });
  return samples;
}

describe('property: E_P(j) = percentage error of the volume delivered over the window', () => {
  it('every window, every start', () => {
    fc.assert(
      fc.property(run, ({ rateMlPerH, densityGPerMl, intervalS, increments, k: rawK }) => {
        const k = Math.min(rawK, increments.length);
        const samples = samplesOf(rateMlPerH, densityGPerMl, intervalS, increments);
        const flows = flowSeries(samples, densityGPerMl).map((f) => f.flowMlPerH);
        const errors = windowErrorsPct(flows, rateMlPerH, k);
        expect(errors).toHaveLength(increments.length - k + 1);
        const windowMin = (k * intervalS) / 60;
        const expectedMl = (rateMlPerH * windowMin) / 60;
        errors.forEach((e, j) => {
          const deliveredMl = ((samples[j + k]?.massG ?? Number.NaN) - (samples[j]?.massG ?? Number.NaN)) / densityGPerMl;
          const oracle = (100 * (deliveredMl - expectedMl)) / expectedMl;
          expect(e).toBeCloseTo(oracle, 6);
        });
      }),
    );
  });
  it('analyse reports the max and min of the oracle', () => {
    fc.assert(
      fc.property(run, ({ rateMlPerH, densityGPerMl, intervalS, increments, k: rawK }) => {
        const k = Math.min(rawK, increments.length);
        const samples = samplesOf(rateMlPerH, densityGPerMl, intervalS, increments);
        const windowMin = (k * intervalS) / 60;
        const endMin = (increments.length * intervalS) / 60;
        const a = analyse({ samples, rateMlPerH, densityGPerMl, intervalS, startMin: 0, endMin, windowsMin: [windowMin] });
        const expectedMl = (rateMlPerH * windowMin) / 60;
        const oracles = Array.from({ length: increments.length - k + 1 }, (_, j) => {
          const deliveredMl = ((samples[j + k]?.massG ?? Number.NaN) - (samples[j]?.massG ?? Number.NaN)) / densityGPerMl;
          return (100 * (deliveredMl - expectedMl)) / expectedMl;
        });
        expect(a.windows[0]?.m).toBe(oracles.length);
        expect(a.windows[0]?.epMaxPct).toBeCloseTo(Math.max(...oracles), 6);
        expect(a.windows[0]?.epMinPct).toBeCloseTo(Math.min(...oracles), 6);
        // and A is the whole period's volume error, by the same telescoping
        const totalMl = ((samples.at(-1)?.massG ?? Number.NaN) - (samples[0]?.massG ?? Number.NaN)) / densityGPerMl;
        const nominalMl = (rateMlPerH * endMin) / 60;
        expect(a.overallErrorPct).toBeCloseTo((100 * (totalMl - nominalMl)) / nominalMl, 6);
      }),
    );
  });
});
