import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOSE_REDUCTION_RULES, doseReduction, type DoseReductionRule, type LabRatios } from '../../src/model/index.ts';

const JUST_BELOW = 1e-9;

describe('doseReduction', () => {
  it('no labs or normal labs: full dose', () => {
    expect(doseReduction({})).toEqual({ factor: 1, hold: false, reasons: [] });
    expect(doseReduction({ astRatio: 1.5, alkPhosRatio: 1.1, bilirubinRatio: 1.0 })).toEqual({ factor: 1, hold: false, reasons: [] });
  });

  // Lower bounds are inclusive: a ratio exactly on a boundary gets the more restrictive band.
  // Each row: a test, then [ratio, factor, hold] cases of it.
  const BANDS: [keyof LabRatios, ...[ratio: number, factor: number, hold: boolean][]][] = [
    ['astRatio', [2 - JUST_BELOW, 1, false], [2, 0.8, false], [3 - JUST_BELOW, 0.8, false], [3, 0.5, false]],
    ['astRatio', [4 - JUST_BELOW, 0.5, false], [4, 0, true], [10, 0, true]],
    ['alkPhosRatio', [1.2 - JUST_BELOW, 1, false], [1.2, 0.8, false], [1.5, 0.5, false], [2 - JUST_BELOW, 0.5, false], [2, 0, true]],
    ['bilirubinRatio', [1.2 - JUST_BELOW, 1, false], [1.2, 0.5, false], [1.5 - JUST_BELOW, 0.5, false], [1.5, 0.25, false]],
    ['bilirubinRatio', [2, 0, true]],
  ];
  const CASES = BANDS.flatMap(([lab, ...cases]) => cases.map(([ratio, factor, hold]) => [lab, ratio, factor, hold] as const));
  it.each(CASES)('%s = %f ⇒ factor %f, hold %s', (lab, ratio, factor, hold) => {
    const result = doseReduction({ [lab]: ratio });
    expect(result.factor).toBe(factor);
    expect(result.hold).toBe(hold);
    expect(result.reasons).toHaveLength(factor === 1 ? 0 : 1);
  });

  it('takes the most restrictive test and gives a reason for each', () => {
    const result = doseReduction({ astRatio: 2.5, alkPhosRatio: 1.6, bilirubinRatio: 1.3 });
    expect(result.factor).toBe(0.5);
    expect(result.hold).toBe(false);
    expect(result.reasons).toHaveLength(3);
    expect(result.reasons[0]).toMatch(/^AST 2.5×.*80 %/);
    const held = doseReduction({ astRatio: 2.5, bilirubinRatio: 2.5 });
    expect(held).toMatchObject({ factor: 0, hold: true });
  });

  it('takes another table, and can make a bound exclusive (">4×" read literally)', () => {
    const strict: DoseReductionRule[] = [
      { lab: 'astRatio', label: 'AST', bands: [{ fromRatio: 4, factor: 0, hold: true, exclusive: true }] },
    ];
    expect(doseReduction({ astRatio: 4 }, strict).hold).toBe(false);
    expect(doseReduction({ astRatio: 4.01 }, strict).hold).toBe(true);
    const unsorted: DoseReductionRule[] = [
      {
        lab: 'astRatio',
        label: 'AST',
        bands: [
          { fromRatio: 3, factor: 0.5, hold: false },
          { fromRatio: 2, factor: 0.8, hold: false },
        ],
      },
    ];
    expect(() => doseReduction({ astRatio: 2.5 }, unsorted)).toThrow(/ascending/);
  });

  it('refuses a negative or NaN ratio', () => {
    expect(() => doseReduction({ astRatio: -1 })).toThrow(RangeError);
    expect(() => doseReduction({ bilirubinRatio: Number.NaN })).toThrow(RangeError);
  });

  it('never raises the dose as a ratio rises, and equals the minimum over tests', () => {
    const ratio = fc.option(fc.double({ min: 0, max: 6, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(ratio, ratio, ratio, fc.double({ min: 0, max: 3, noNaN: true }), (ast, alp, bili, bump) => {
        const labs: LabRatios = { astRatio: ast, alkPhosRatio: alp, bilirubinRatio: bili };
        const result = doseReduction(labs);
        const single = (l: LabRatios): number => doseReduction(l).factor;
        expect(result.factor).toBe(Math.min(single({ astRatio: ast }), single({ alkPhosRatio: alp }), single({ bilirubinRatio: bili })));
        expect(result.hold).toBe(result.factor === 0);
        if (ast !== undefined) expect(doseReduction({ ...labs, astRatio: ast + bump }).factor).toBeLessThanOrEqual(result.factor);
        expect(DOSE_REDUCTION_RULES).toHaveLength(3);
      }),
    );
  });
});
