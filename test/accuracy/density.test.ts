import { describe, expect, it } from 'vitest';
import { AccuracyError, DEFAULT_DENSITY_G_PER_ML, waterDensityGPerMl } from '../../src/accuracy/index.ts';

describe('water density (Tanaka et al. 2001)', () => {
  it('20 °C = 0.99821 g/mL', () => {
    expect(Math.abs(waterDensityGPerMl(20) - 0.99821)).toBeLessThan(1e-5);
    expect(DEFAULT_DENSITY_G_PER_ML).toBe(0.99821);
  });
  it('4 °C ≈ 0.99997 g/mL, near the maximum', () => {
    expect(Math.abs(waterDensityGPerMl(4) - 0.99997)).toBeLessThan(1e-5);
    expect(waterDensityGPerMl(4)).toBeGreaterThan(waterDensityGPerMl(0));
    expect(waterDensityGPerMl(4)).toBeGreaterThan(waterDensityGPerMl(8));
  });
  it('table values from the paper (kg/m³ / 1000)', () => {
    // Tanaka 2001 Table 3 (kg/m³): 0 °C 999.8428, 10 °C 999.7026, 25 °C 997.0470, 40 °C 992.2152
    const table: Array<[number, number]> = [
      [0, 0.9998428],
      [10, 0.9997026],
      [25, 0.997047],
      [40, 0.9922152],
    ];
    for (const [tempC, density] of table) expect(Math.abs(waterDensityGPerMl(tempC) - density)).toBeLessThan(3e-7);
  });
  it('refuses temperatures outside 0–40 °C', () => {
    expect(() => waterDensityGPerMl(41)).toThrow(AccuracyError);
    expect(() => waterDensityGPerMl(-1)).toThrow(/outside 0–40/);
    expect(() => waterDensityGPerMl(Number.NaN)).toThrow(AccuracyError);
  });
});
