// NE-1000 rate and volume units [M] and their conversion to the project's SI-ish units
// (mL/min for rates, mL for volumes).
import { formatNeNumber } from './number.ts';

export const NE_RATE_UNITS = ['UM', 'MM', 'UH', 'MH'] as const;
/** UM µL/min, MM mL/min, UH µL/h, MH mL/h [M]. */
export type NeRateUnits = (typeof NE_RATE_UNITS)[number];

export const NE_VOLUME_UNITS = ['UL', 'ML'] as const;
export type NeVolumeUnits = (typeof NE_VOLUME_UNITS)[number];

/** mL/min per one unit of each rate unit. */
const ML_PER_MIN_PER_UNIT: Readonly<Record<NeRateUnits, number>> = {
  UM: 1 / 1000,
  MM: 1,
  UH: 1 / 60_000,
  MH: 1 / 60,
};

const ML_PER_VOLUME_UNIT: Readonly<Record<NeVolumeUnits, number>> = { UL: 1 / 1000, ML: 1 };

export function rateToMlPerMin(value: number, units: NeRateUnits): number {
  return value * ML_PER_MIN_PER_UNIT[units];
}

export function mlPerMinToRate(mlPerMin: number, units: NeRateUnits): number {
  return mlPerMin / ML_PER_MIN_PER_UNIT[units];
}

export function volumeToMl(value: number, units: NeVolumeUnits): number {
  return value * ML_PER_VOLUME_UNIT[units];
}

export function mlToVolume(ml: number, units: NeVolumeUnits): number {
  return ml / ML_PER_VOLUME_UNIT[units];
}

export interface NeRateChoice {
  readonly units: NeRateUnits;
  /** The number as it will be sent (pump format). */
  readonly text: string;
  /** `text` as a number, in `units`. */
  readonly value: number;
  /** What the pump will actually run: `value` converted back to mL/min. */
  readonly mlPerMin: number;
}

/**
 * Choose the rate units in which `mlPerMin` fits the pump's 4-digit format with the finest
 * step (smallest absolute quantum in mL/min), so the rounding error is smallest. Ties go to
 * the earlier unit in MM, MH, UM, UH (a human-friendly order). Null when it fits no unit
 * (not positive, or too large / too small for every unit).
 */
export function pickRateUnits(mlPerMin: number): NeRateChoice | null {
  if (!Number.isFinite(mlPerMin) || mlPerMin <= 0) return null;
  let best: { choice: NeRateChoice; stepMlPerMin: number } | null = null;
  for (const units of ['MM', 'MH', 'UM', 'UH'] as const) {
    const text = formatNeNumber(mlPerMinToRate(mlPerMin, units));
    if (text === null) continue;
    const dot = text.indexOf('.');
    const decimals = dot < 0 ? 0 : text.length - dot - 1;
    const stepMlPerMin = rateToMlPerMin(10 ** -decimals, units);
    const value = Number(text);
    // Strictly smaller step wins; a relative tolerance keeps float noise from breaking ties.
    if (best === null || stepMlPerMin < best.stepMlPerMin * (1 - 1e-9)) {
      best = { choice: { units, text, value, mlPerMin: rateToMlPerMin(value, units) }, stepMlPerMin };
    }
  }
  return best?.choice ?? null;
}
