import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ambientMmHgAtAltitude,
  calibrationConditions,
  DEFAULT_PUMP_PROFILE as profile,
  drivingPressureMmHg,
  flowAtVolumeMlPerDay,
  flowRateMlPerDay,
  fullFlowRateMlPerDay,
  vapourPressureMmHg,
  viscosityMPaS,
  type Conditions,
} from '../../src/model/index.ts';

const cal: Conditions = calibrationConditions(profile);
const at = (overrides: Partial<Conditions>): Conditions => ({ ...cal, ...overrides });
// P_ref = ΔP_ref + ambient + arterial at calibration = 300 + 760 + 95.
const P_REF = 1155;

describe('standard atmosphere', () => {
  // Published ISA table values: 1,000 ft = 28.86 inHg, 8,000 ft = 22.22 inHg (25.4 mmHg per inHg).
  it.each([
    [0, 760],
    [304.8, 28.86 * 25.4],
    [2438.4, 22.22 * 25.4],
  ])('at %d m is %f mmHg', (altitudeM, mmHg) => {
    expect(ambientMmHgAtAltitude(altitudeM)).toBeCloseTo(mmHg, 0);
  });
});

describe('flow physics against hand-worked numbers', () => {
  it.each<[string, Partial<Conditions>, number]>([
    ['calibration conditions give the factory rate', {}, 1.0],
    ['+1 °C: vapour pressure ×1.025, viscosity ×0.98', { tempC: 38 }, (P_REF * 1.025 - 760 - 95) / 300 / 0.98],
    ['fever 40 °C', { tempC: 40 }, (P_REF * 1.025 ** 3 - 760 - 95) / 300 / 0.98 ** 3],
    ['1,000 ft (ISA 732.9 mmHg)', { ambientMmHg: 28.86 * 25.4 }, (P_REF - 28.86 * 25.4 - 95) / 300],
    ['8,000 ft (ISA 564.4 mmHg)', { ambientMmHg: 22.22 * 25.4 }, (P_REF - 22.22 * 25.4 - 95) / 300],
    ['arterial +10 mmHg', { arterialMmHg: 105 }, (300 - 10) / 300],
    ['glycerin: 2.2× the viscosity', { infusate: 'glycerin' }, 1 / 2.2],
    ['FUDR mixture 0.72 vs 0.70 mPa·s', { infusate: 'fudr' }, 0.7 / 0.72],
    ['saline: same viscosity as heparinized saline', { infusate: 'saline' }, 1.0],
    ['cold enough that ΔP < 0: no flow, not reverse flow', { tempC: 20 }, 0],
  ])('%s', (_label, overrides, expected) => {
    expect(fullFlowRateMlPerDay(profile, at(overrides))).toBeCloseTo(expected, 9);
  });

  it('matches the reference file: +1 °C ≈ +12 %, 1,000 ft ≈ +9 %, 8,000 ft ≈ +65 %', () => {
    expect(fullFlowRateMlPerDay(profile, at({ tempC: 38 }))).toBeCloseTo(1.119, 3);
    expect(fullFlowRateMlPerDay(profile, at({ ambientMmHg: ambientMmHgAtAltitude(304.8) }))).toBeCloseTo(1.09, 2);
    expect(fullFlowRateMlPerDay(profile, at({ ambientMmHg: ambientMmHgAtAltitude(2438) }))).toBeCloseTo(1.65, 2);
  });

  it('pressure and viscosity pieces', () => {
    expect(vapourPressureMmHg(profile, 37)).toBe(P_REF);
    expect(vapourPressureMmHg(profile, 38)).toBeCloseTo(P_REF * 1.025, 9);
    expect(drivingPressureMmHg(profile, cal)).toBeCloseTo(300, 9);
    expect(drivingPressureMmHg(profile, at({ tempC: 38 }))).toBeCloseTo(328.875, 9); // 1183.875 − 855
    expect(viscosityMPaS(profile, 'saline', 37)).toBe(0.7);
    expect(viscosityMPaS(profile, 'saline', 39)).toBeCloseTo(0.7 * 0.98 * 0.98, 12);
  });

  it('applies the unit offset and drift: (1 + 0.1)·(1 + 0.02·5)', () => {
    const unit = { ...profile, calibrationOffsetFraction: 0.1, driftFractionPerYear: 0.02 };
    expect(fullFlowRateMlPerDay(unit, cal, 5)).toBeCloseTo(1.1 * 1.1, 12);
    expect(fullFlowRateMlPerDay({ ...profile, nominalRateMlPerDay: 1.5 }, cal)).toBeCloseTo(1.5, 12);
  });

  it('tapers: full above 1.5 mL, ∝ (V − 0.5)/(1.5 − 0.5) below, 0 at the dead volume', () => {
    expect(flowAtVolumeMlPerDay(profile, 1.2, 20)).toBe(1.2);
    expect(flowAtVolumeMlPerDay(profile, 1.2, 1.5)).toBe(1.2);
    expect(flowAtVolumeMlPerDay(profile, 1.2, 1.0)).toBeCloseTo(1.2 * 0.5, 12);
    expect(flowAtVolumeMlPerDay(profile, 1.2, 0.75)).toBeCloseTo(1.2 * 0.25, 12);
    expect(flowAtVolumeMlPerDay(profile, 1.2, 0.5)).toBe(0);
    expect(flowAtVolumeMlPerDay(profile, 1.2, 0)).toBe(0);
    expect(flowRateMlPerDay(profile, at({ infusate: 'glycerin' }), 1.0)).toBeCloseTo(0.5 / 2.2, 12);
  });

  it('refuses NaN conditions instead of propagating them', () => {
    expect(() => fullFlowRateMlPerDay(profile, at({ tempC: Number.NaN }))).toThrow(RangeError);
    expect(() => ambientMmHgAtAltitude(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('flow properties', () => {
  const tempC = fc.double({ min: 25, max: 43, noNaN: true });
  const ambientMmHg = fc.double({ min: 400, max: 1100, noNaN: true });
  const arterialMmHg = fc.double({ min: 0, max: 200, noNaN: true });
  const rate = (c: Conditions): number => fullFlowRateMlPerDay(profile, c);

  const arbitraries = { tempC, ambientMmHg, arterialMmHg };
  type Variable = keyof typeof arbitraries;
  /** Draws conditions and a second value of `variable`; the rate at the lower value is ≤ (rising) or ≥ (falling) the higher. */
  const monotoneIn = (variable: Variable, direction: 'rising' | 'falling') => () => {
    fc.assert(
      fc.property(tempC, ambientMmHg, arterialMmHg, arbitraries[variable], (t, a, p, other) => {
        const drawn = { tempC: t, ambientMmHg: a, arterialMmHg: p };
        const [lo, hi] = drawn[variable] <= other ? [drawn[variable], other] : [other, drawn[variable]];
        const low = rate(at({ ...drawn, [variable]: lo }));
        const high = rate(at({ ...drawn, [variable]: hi }));
        if (direction === 'rising') expect(low).toBeLessThanOrEqual(high);
        else expect(low).toBeGreaterThanOrEqual(high);
      }),
    );
  };

  it('increases with body temperature', monotoneIn('tempC', 'rising'));
  it('decreases with ambient pressure', monotoneIn('ambientMmHg', 'falling'));
  it('decreases with arterial back-pressure', monotoneIn('arterialMmHg', 'falling'));

  it('is strictly monotone where the pump is driving (ΔP > 0)', () => {
    fc.assert(
      fc.property(fc.double({ min: 36, max: 41, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), (t, dt) => {
        expect(rate(at({ tempC: t + dt }))).toBeGreaterThan(rate(at({ tempC: t })));
      }),
    );
  });
});
