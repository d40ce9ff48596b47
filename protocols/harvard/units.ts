// Harvard "Ultra" units: rates `<vol>/<time>` (ml/hr, ul/min, nl/hr, pl/min ...), volumes
// ml ul nl pl [M]. Parsed to the project's SI-ish units: mL/min and mL.
import { z } from 'zod';

export const HARVARD_VOLUME_UNITS = ['ml', 'ul', 'nl', 'pl'] as const;
export type HarvardVolumeUnits = (typeof HARVARD_VOLUME_UNITS)[number];

/** `hr` and `min` [M]; `s` is accepted too ([?]: in the Ultra guide's unit list as recalled). */
export const HARVARD_TIME_UNITS = ['hr', 'min', 's'] as const;
export type HarvardTimeUnits = (typeof HARVARD_TIME_UNITS)[number];

export const HARVARD_RATE_UNITS = HARVARD_VOLUME_UNITS.flatMap((v) => HARVARD_TIME_UNITS.map((t) => `${v}/${t}` as const));
export type HarvardRateUnits = `${HarvardVolumeUnits}/${HarvardTimeUnits}`;

const ML_PER_VOLUME_UNIT: Readonly<Record<HarvardVolumeUnits, number>> = { ml: 1, ul: 1e-3, nl: 1e-6, pl: 1e-9 };
const PER_MIN_PER_TIME_UNIT: Readonly<Record<HarvardTimeUnits, number>> = { hr: 1 / 60, min: 1, s: 60 };

export function parseHarvardVolumeUnits(text: string): HarvardVolumeUnits | null {
  const t = text.toLowerCase();
  return HARVARD_VOLUME_UNITS.find((u) => u === t) ?? null;
}

/** Case-insensitive ([?]: the pump prints lower case; accepting upper case is lenient). */
export function parseHarvardRateUnits(text: string): HarvardRateUnits | null {
  const [v, t, extra] = text.toLowerCase().split('/');
  if (v === undefined || t === undefined || extra !== undefined) return null;
  const vol = HARVARD_VOLUME_UNITS.find((u) => u === v);
  const time = HARVARD_TIME_UNITS.find((u) => u === t);
  return vol === undefined || time === undefined ? null : `${vol}/${time}`;
}

function splitRateUnits(units: HarvardRateUnits): [HarvardVolumeUnits, HarvardTimeUnits] {
  const [v, t] = units.split('/') as [HarvardVolumeUnits, HarvardTimeUnits];
  return [v, t];
}

export function harvardVolumeToMl(value: number, units: HarvardVolumeUnits): number {
  return value * ML_PER_VOLUME_UNIT[units];
}

export function mlToHarvardVolume(ml: number, units: HarvardVolumeUnits): number {
  return ml / ML_PER_VOLUME_UNIT[units];
}

export function harvardRateToMlPerMin(value: number, units: HarvardRateUnits): number {
  const [v, t] = splitRateUnits(units);
  return value * ML_PER_VOLUME_UNIT[v] * PER_MIN_PER_TIME_UNIT[t];
}

export function mlPerMinToHarvardRate(mlPerMin: number, units: HarvardRateUnits): number {
  const [v, t] = splitRateUnits(units);
  return mlPerMin / (ML_PER_VOLUME_UNIT[v] * PER_MIN_PER_TIME_UNIT[t]);
}

export const harvardRateUnitsSchema = z.enum(HARVARD_RATE_UNITS as [HarvardRateUnits, ...HarvardRateUnits[]]);
export const harvardVolumeUnitsSchema = z.enum(HARVARD_VOLUME_UNITS);

/** A quantity as it appears on the wire, e.g. `3.2 ul/min`. */
export const harvardRateSchema = z.object({ value: z.number().nonnegative(), units: harvardRateUnitsSchema });
export type HarvardRate = z.infer<typeof harvardRateSchema>;
export const harvardVolumeSchema = z.object({ value: z.number().nonnegative(), units: harvardVolumeUnitsSchema });
export type HarvardVolume = z.infer<typeof harvardVolumeSchema>;

const HARVARD_NUMBER = /^(?:\d+\.?\d*|\.\d+)$/;

/** Unsigned decimal as the pump takes it (no sign, no exponent). Null otherwise. */
export function parseHarvardNumber(text: string): number | null {
  return HARVARD_NUMBER.test(text) ? Number(text) : null;
}

/**
 * Host side: a plain decimal with up to 6 significant digits and no exponent, trailing
 * zeros dropped (`3.2`, `0.000123`). [?] The pump's own input precision is not documented;
 * 6 significant digits is beyond any syringe's diameter accuracy.
 */
export function formatHarvardNumber(x: number): string {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${x} is not a non-negative number`);
  if (x === 0) return '0';
  const magnitude = Math.floor(Math.log10(x));
  const decimals = Math.min(20, Math.max(0, 5 - magnitude));
  const fixed = x.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
