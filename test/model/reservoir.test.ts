import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PUMP_PROFILE as profile,
  deliveredMlAfterMs,
  dryVolumeMl,
  MS_PER_DAY,
  msUntilRefillDue,
  msUntilVolume,
  remainingAfterMs,
  type Segment,
} from '../../src/model/index.ts';

const days = (d: number): number => d * MS_PER_DAY;
const full30: Segment = { startVolumeMl: 30, rateMlPerDay: 1 };
// Defaults: taper from 1.5 mL towards 0.5 mL dead volume, so τ = (1.5 − 0.5)/rate days.

describe('remainingAfterMs, hand-worked', () => {
  it.each<[string, Segment, number, number]>([
    ['linear: 30 mL at 1 mL/day for 10 days', full30, 10, 30 - 10],
    ['linear down to exactly the taper start', full30, 28.5, 1.5],
    ['one τ into the taper', full30, 28.5 + 1, 0.5 + 1.0 * Math.exp(-1)],
    ['three τ into the taper at 2 mL/day (τ = 0.5 d)', { startVolumeMl: 10, rateMlPerDay: 2 }, 8.5 / 2 + 1.5, 0.5 + Math.exp(-3)],
    ['starts inside the taper: exponential from the start', { startVolumeMl: 1.0, rateMlPerDay: 2 }, 0.5, 0.5 + 0.5 * Math.exp(-1)],
    ['starts below the dead volume: stays', { startVolumeMl: 0.3, rateMlPerDay: 1 }, 5, 0.3],
    ['rate 0: constant', { startVolumeMl: 12, rateMlPerDay: 0 }, 100, 12],
    ['zero elapsed', full30, 0, 30],
  ])('%s', (_label, seg, elapsedDays, expected) => {
    expect(remainingAfterMs(profile, seg, days(elapsedDays))).toBeCloseTo(expected, 12);
  });

  it('settles at the dead volume after infinite time', () => {
    expect(remainingAfterMs(profile, full30, Number.POSITIVE_INFINITY)).toBe(0.5);
  });

  it('refuses negative or NaN time and NaN volumes', () => {
    expect(() => remainingAfterMs(profile, full30, -1)).toThrow(RangeError);
    expect(() => remainingAfterMs(profile, full30, Number.NaN)).toThrow(RangeError);
    expect(() => remainingAfterMs(profile, { startVolumeMl: Number.NaN, rateMlPerDay: 1 }, 1)).toThrow(RangeError);
  });

  it('counts delivered volume', () => {
    expect(deliveredMlAfterMs(profile, full30, days(14))).toBeCloseTo(14, 12);
  });
});

describe('msUntilVolume, hand-worked', () => {
  it.each<[string, Segment, number, number]>([
    ['30 → 3 mL (low-reservoir) at 1 mL/day', full30, 3, 27],
    ['30 → 1.5 mL (taper start)', full30, 1.5, 28.5],
    ['30 → 1.0 mL: linear, then τ·ln((1.5−0.5)/(1.0−0.5))', full30, 1.0, 28.5 + Math.log(2)],
    ['inside the taper at 2 mL/day: 1.0 → 0.75 mL', { startVolumeMl: 1.0, rateMlPerDay: 2 }, 0.75, 0.5 * Math.log(0.5 / 0.25)],
    ['already there', full30, 30, 0],
    ['already below', full30, 31, 0],
  ])('%s', (_label, seg, targetMl, expectedDays) => {
    expect(msUntilVolume(profile, seg, targetMl) / MS_PER_DAY).toBeCloseTo(expectedDays, 9);
  });

  it('never reaches the dead volume or anything when stopped', () => {
    expect(msUntilVolume(profile, full30, 0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(msUntilVolume(profile, full30, 0.2)).toBe(Number.POSITIVE_INFINITY);
    expect(msUntilVolume(profile, { startVolumeMl: 30, rateMlPerDay: 0 }, 10)).toBe(Number.POSITIVE_INFINITY);
  });

  it('dry volume is where flow is 5 % of full: 0.5 + 0.05·(1.5 − 0.5)', () => {
    expect(dryVolumeMl(profile)).toBeCloseTo(0.55, 12);
    expect(msUntilVolume(profile, full30, dryVolumeMl(profile)) / MS_PER_DAY).toBeCloseTo(28.5 + Math.log(1 / 0.05), 9);
  });

  it('a refill is due 2 days before 3 mL is reached: 27 − 2 days', () => {
    expect(msUntilRefillDue(profile, full30) / MS_PER_DAY).toBeCloseTo(25, 9);
    expect(msUntilRefillDue(profile, { startVolumeMl: 4, rateMlPerDay: 1 })).toBe(0);
  });
});

describe('reservoir properties', () => {
  const volumeMl = fc.double({ min: 0, max: 60, noNaN: true });
  const rateMlPerDay = fc.double({ min: 0, max: 5, noNaN: true });
  const positiveRate = fc.double({ min: 0.05, max: 5, noNaN: true });
  const elapsedMs = fc.double({ min: 0, max: days(400), noNaN: true });
  const dead = profile.taper.deadVolumeMl;

  it('stays between the dead volume and the start volume', () => {
    fc.assert(
      fc.property(volumeMl, rateMlPerDay, elapsedMs, (startVolumeMl, rate, t) => {
        const left = remainingAfterMs(profile, { startVolumeMl, rateMlPerDay: rate }, t);
        expect(left).toBeLessThanOrEqual(startVolumeMl);
        if (startVolumeMl >= dead) expect(left).toBeGreaterThanOrEqual(dead);
        else expect(left).toBe(startVolumeMl);
      }),
    );
  });

  it('msUntilVolume inverts remainingAfterMs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: dead + 1e-3, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        positiveRate,
        (startVolumeMl, where, rate) => {
          const seg = { startVolumeMl, rateMlPerDay: rate };
          const targetMl = dead + 1e-6 + where * (startVolumeMl - dead - 1e-6);
          const t = msUntilVolume(profile, seg, targetMl);
          expect(Number.isFinite(t)).toBe(true);
          expect(remainingAfterMs(profile, seg, t)).toBeCloseTo(targetMl, 9);
        },
      ),
    );
  });

  it('remainingAfterMs inverts msUntilVolume (away from the asymptote)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: dead + 0.01, max: 60, noNaN: true }),
        positiveRate,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (startVolumeMl, rate, frac) => {
          const seg = { startVolumeMl, rateMlPerDay: rate };
          const t = frac * msUntilVolume(profile, seg, dead + 1e-3);
          const left = remainingAfterMs(profile, seg, t);
          fc.pre(left < startVolumeMl);
          expect(msUntilVolume(profile, seg, left) / MS_PER_DAY).toBeCloseTo(t / MS_PER_DAY, 6);
        },
      ),
    );
  });

  it('composes: remaining(a + b) = remaining(remaining(a), b)', () => {
    fc.assert(
      fc.property(volumeMl, rateMlPerDay, elapsedMs, elapsedMs, (startVolumeMl, rate, a, b) => {
        const whole = remainingAfterMs(profile, { startVolumeMl, rateMlPerDay: rate }, a + b);
        const mid = remainingAfterMs(profile, { startVolumeMl, rateMlPerDay: rate }, a);
        expect(remainingAfterMs(profile, { startVolumeMl: mid, rateMlPerDay: rate }, b)).toBeCloseTo(whole, 9);
      }),
    );
  });
});
