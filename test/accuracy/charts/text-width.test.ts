import { describe, expect, it } from 'vitest';
import { sansSerifWidthPx } from '../../../src/accuracy/charts/text-width.ts';

describe('sans-serif text width', () => {
  it("Helvetica's digits are 0.556 em, its space 0.278 em", () => {
    expect(sansSerifWidthPx('0123456789', 10, false)).toBeCloseTo(55.6, 9);
    expect(sansSerifWidthPx(' ', 100, false)).toBeCloseTo(27.8, 9);
  });
  it('narrow letters narrower than wide ones; bold wider; unknown characters one digit wide', () => {
    expect(sansSerifWidthPx('iii', 12, false)).toBeLessThan(sansSerifWidthPx('mmm', 12, false));
    expect(sansSerifWidthPx('run', 12, true)).toBeGreaterThan(sansSerifWidthPx('run', 12, false));
    expect(sansSerifWidthPx('€', 10, false)).toBeCloseTo(5.56, 9);
  });
  it('a subtitle comes out near 0.5 em a character, where vega guesses 0.8', () => {
    const text = 'run 7 · ne1000:/dev/ttyUSB0 · syringe bd-plastipak-60ml · 2026-12-05 14:03 UTC';
    const emPerChar = sansSerifWidthPx(text, 1, false) / [...text].length;
    expect(emPerChar).toBeGreaterThan(0.4);
    expect(emPerChar).toBeLessThan(0.6);
  });
});
