import { describe, expect, it } from 'vitest';
import { rateLimitsMlPerMin, syringeAreaMm2 } from '../../../protocols/newera/index.ts';

describe('rateLimitsMlPerMin', () => {
  it('hand calculation: d = 26.59 mm -> area 555.3 mm² -> 1 mm/min = 0.5553 mL/min', () => {
    // 26.59² = 707.0281; × π = 2221.19; / 4 = 555.30 mm²; × 1 mm/min = 555.30 mm³/min = 0.5553 mL/min
    expect(syringeAreaMm2(26.59)).toBeCloseTo(555.3, 1);
    const limits = rateLimitsMlPerMin(26.59, { linearSpeed: { minMmPerMin: 0.001, maxMmPerMin: 1 } });
    expect(limits.maxMlPerMin).toBeCloseTo(0.5553, 4);
    expect(limits.minMlPerMin).toBeCloseTo(0.0005553, 7);
  });
  it('d = 4.78 mm (1 mL) at 10 mm/min: π·4.78²/4 = 17.945 mm² -> 0.17945 mL/min', () => {
    expect(rateLimitsMlPerMin(4.78, { linearSpeed: { minMmPerMin: 1, maxMmPerMin: 10 } }).maxMlPerMin).toBeCloseTo(0.17945, 5);
  });
  it('refuses a non-positive diameter', () => {
    expect(() => rateLimitsMlPerMin(0, { linearSpeed: { minMmPerMin: 1, maxMmPerMin: 2 } })).toThrow(RangeError);
  });
});
