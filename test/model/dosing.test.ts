import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRecipe, DosingError, type RecipeInput } from '../../src/model/index.ts';

const base: RecipeInput = { weightKg: 70, doseMgPerKgDay: 0.12, reservoirMl: 30, flowMlPerDay: 1.0 };

describe('computeRecipe', () => {
  it('works the reference example: 0.12 mg/kg/day × 70 kg × 30 mL / 1.0 mL/day', () => {
    const r = computeRecipe(base);
    expect(r.fudrMg).toBeCloseTo((0.12 * 70 * 30) / 1.0, 9); // 252 mg
    expect(r.fudrVolumeMl).toBeCloseTo(252 / 100, 9); // 100 mg/mL stock
    expect(r.dexamethasoneMg).toBe(25);
    expect(r.dexamethasoneVolumeMl).toBeCloseTo(25 / 10, 9);
    expect(r.heparinUnits).toBe(30_000);
    expect(r.heparinVolumeMl).toBeCloseTo(30_000 / 10_000, 9);
    expect(r.salineVolumeMl).toBeCloseTo(30 - 2.52 - 2.5 - 3, 9);
    expect(r.durationDays).toBeCloseTo(30, 9);
    expect(r.fudrMgPerDay).toBeCloseTo(0.12 * 70, 9);
  });

  it('uses the measured flow and the given additives and stocks', () => {
    const r = computeRecipe({ ...base, flowMlPerDay: 1.2, dexamethasoneMg: 20, heparinUnits: 0, fudrStockMgPerMl: 50 });
    expect(r.fudrMg).toBeCloseTo((0.12 * 70 * 30) / 1.2, 9); // 210 mg
    expect(r.fudrVolumeMl).toBeCloseTo(210 / 50, 9);
    expect(r.salineVolumeMl).toBeCloseTo(30 - 4.2 - 2 - 0, 9);
  });

  it.each<[string, Partial<RecipeInput>, RegExp]>([
    ['weight too low', { weightKg: 19 }, /weightKg = 19 .*20–250 kg/],
    ['weight too high', { weightKg: 251 }, /weightKg = 251 .*20–250 kg/],
    ['dose too high', { doseMgPerKgDay: 0.7 }, /doseMgPerKgDay = 0.7 .*0.01–0.6/],
    ['dose zero', { doseMgPerKgDay: 0 }, /doseMgPerKgDay = 0 /],
    ['reservoir', { reservoirMl: 100 }, /reservoirMl = 100 .*10–60 mL/],
    ['flow', { flowMlPerDay: 0.1 }, /flowMlPerDay = 0.1 .*0.3–5/],
    ['NaN weight', { weightKg: Number.NaN }, /weightKg = NaN/],
    ['infinite flow', { flowMlPerDay: Number.POSITIVE_INFINITY }, /flowMlPerDay = Infinity/],
    ['negative heparin', { heparinUnits: -1 }, /heparinUnits = -1/],
    ['zero stock', { fudrStockMgPerMl: 0 }, /fudrStockMgPerMl = 0/],
    // 0.6 × 250 × 60 / 0.3 = 30,000 mg = 300 mL of stock: cannot fit in 60 mL.
    ['additives do not fit', { weightKg: 250, doseMgPerKgDay: 0.6, reservoirMl: 60, flowMlPerDay: 0.3 }, /does not fit/],
  ])('refuses %s with a one-line DosingError', (_label, patch, message) => {
    const attempt = (): unknown => computeRecipe({ ...base, ...patch });
    expect(attempt).toThrow(DosingError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('accepts the edges of every range', () => {
    expect(() => computeRecipe({ weightKg: 20, doseMgPerKgDay: 0.01, reservoirMl: 10, flowMlPerDay: 5 })).not.toThrow();
    expect(() => computeRecipe({ weightKg: 250, doseMgPerKgDay: 0.6, reservoirMl: 60, flowMlPerDay: 5 })).not.toThrow();
  });

  it('scales FUDR linearly in dose and leaves the total volume at the reservoir', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 20, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 0.3, noNaN: true }),
        fc.double({ min: 0.2, max: 2, noNaN: true }),
        (weightKg, doseMgPerKgDay, k) => {
          const one = computeRecipe({ ...base, weightKg, doseMgPerKgDay });
          const scaled = computeRecipe({ ...base, weightKg, doseMgPerKgDay: doseMgPerKgDay * k });
          expect(scaled.fudrMg).toBeCloseTo(one.fudrMg * k, 9);
          expect(scaled.fudrVolumeMl).toBeCloseTo(one.fudrVolumeMl * k, 9);
          const total = scaled.fudrVolumeMl + scaled.dexamethasoneVolumeMl + scaled.heparinVolumeMl + scaled.salineVolumeMl;
          expect(total).toBeCloseTo(scaled.reservoirMl, 9);
        },
      ),
    );
  });
});
