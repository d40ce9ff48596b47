import { AccuracyError } from './errors.ts';

/**
 * Density of air-free pure water (SMOW isotopic composition) at 101.325 kPa, from
 * M. Tanaka, G. Girard, R. Davis, A. Peuto, N. Bignell, "Recommended table for the density of
 * water between 0 °C and 40 °C based on recent experimental reports", Metrologia 38 (2001)
 * 301–309, eq. (1), the CIPM recommendation:
 *
 *   ρ(t) = a5 · [1 − (t + a1)² (t + a2) / (a3 (t + a4))]   (kg/m³, t in °C, ITS-90)
 *
 * Air-saturated water is about 0.003 kg/m³ lighter (also in the paper); on a gravimetric bench
 * that is 3 ppm, far below the other error sources, so it is left out.
 * 20 °C gives 998.2067 kg/m³ = 0.99821 g/mL; 4 °C gives 999.9750 kg/m³ (the maximum is at 3.98 °C).
 */
const A1_C = -3.983035;
const A2_C = 301.797;
const A3_C2 = 522528.9;
const A4_C = 69.34881;
const A5_KG_PER_M3 = 999.97495;

/** The formula's validity range (the paper's fit range). */
export const WATER_DENSITY_MIN_C = 0;
export const WATER_DENSITY_MAX_C = 40;

/** Density of water in g/mL at `tempC`; throws an AccuracyError outside 0–40 °C. */
export function waterDensityGPerMl(tempC: number): number {
  if (!Number.isFinite(tempC) || tempC < WATER_DENSITY_MIN_C || tempC > WATER_DENSITY_MAX_C) {
    throw new AccuracyError(
      'temperature-out-of-range',
      `water temperature ${tempC} °C is outside ${WATER_DENSITY_MIN_C}–${WATER_DENSITY_MAX_C} °C (Tanaka 2001)`,
    );
  }
  const kgPerM3 = A5_KG_PER_M3 * (1 - ((tempC + A1_C) ** 2 * (tempC + A2_C)) / (A3_C2 * (tempC + A4_C)));
  // 1 kg/m³ = 0.001 g/mL
  return kgPerM3 / 1000;
}

/** The default when no temperature is given: water at 20 °C, the usual lab reference. */
export const DEFAULT_WATER_TEMP_C = 20;
export const DEFAULT_DENSITY_G_PER_ML = Math.round(waterDensityGPerMl(DEFAULT_WATER_TEMP_C) * 1e5) / 1e5;
