import { describe, expect, it } from 'vitest';
import { flowDeviation, measuredFlowMlPerDay, MS_PER_DAY } from '../../src/model/index.ts';

describe('measuredFlowMlPerDay', () => {
  it('is (filled − returned) / days', () => {
    expect(measuredFlowMlPerDay({ filledMl: 30, returnedMl: 16, elapsedMs: 14 * MS_PER_DAY })).toBeCloseTo((30 - 16) / 14, 12);
    expect(measuredFlowMlPerDay({ filledMl: 30, returnedMl: 30, elapsedMs: 12 * 3_600_000 })).toBe(0);
  });

  it.each([
    [{ filledMl: 30, returnedMl: 16, elapsedMs: 0 }, /elapsedMs/],
    [{ filledMl: 30, returnedMl: 16, elapsedMs: -5 }, /elapsedMs/],
    [{ filledMl: 30, returnedMl: 31, elapsedMs: MS_PER_DAY }, /exceeds/],
    [{ filledMl: Number.NaN, returnedMl: 1, elapsedMs: MS_PER_DAY }, /filledMl/],
  ])('refuses %o', (input, message) => {
    expect(() => measuredFlowMlPerDay(input)).toThrow(RangeError);
    expect(() => measuredFlowMlPerDay(input)).toThrow(message);
  });
});

describe('flowDeviation', () => {
  it.each<[number, number, number, 'ok' | 'flag' | 'fault']>([
    [1.0, 1.0, 0, 'ok'],
    [1.15, 1.0, 0.15, 'ok'], // a threshold must be exceeded, not met
    [1.16, 1.0, 0.16, 'flag'],
    [0.84, 1.0, -0.16, 'flag'],
    [1.2, 1.0, 0.2, 'flag'],
    [1.25, 1.0, 0.25, 'fault'],
    [0.5, 1.0, -0.5, 'fault'],
    [0.9, 1.2, (0.9 - 1.2) / 1.2, 'fault'],
  ])('measured %f vs predicted %f', (measured, predicted, fraction, level) => {
    const result = flowDeviation(measured, predicted);
    expect(result.fraction).toBeCloseTo(fraction, 12);
    expect(result.level).toBe(level);
  });

  it('uses the given thresholds and refuses a non-positive prediction', () => {
    expect(flowDeviation(1.06, 1.0, { flagFraction: 0.05, faultFraction: 0.1 }).level).toBe('flag');
    expect(() => flowDeviation(1, 0)).toThrow(RangeError);
  });
});
